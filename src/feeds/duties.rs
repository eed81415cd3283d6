//! Backup duties already past that this build gives to someone else than the site it
//! replaces did, or takes away, or adds: a warning for the person editing, as for served
//! shifts (see `served`), since every subscriber's calendar rewrites them.
//!
//! They are warned of, not kept as the previous feeds published them: every page, feed
//! and `oncall.json` reads one schedule, a pure function of the data and the clock, and a
//! duty kept from the build cache would show one backup in a feed and another on the
//! pipeline's page (or move again silently when the cache is cleared, or in `check`); and
//! the previous feeds do not hold what a kept event would need to be written again as
//! published (the duty's role, the primary owner it stood in for).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Revisions, Site};
use crate::render::Urls;
use crate::schedule::{Backup, BackupReason, BackupRole, Schedule};

use super::groups::{self, Group};

mod many;

use many::left_groups;

/// At most this many duties are named in one warning; the rest are counted.
const NAMED: usize = 5;

/// Who holds the duties that left an event of many and were not found (see [`groups`]).
const OTHERS: &str = "other backups or none";

/// A duty as the feeds name it: its pipeline, whether a holiday's (else a primary owner's
/// absence's), its first day.
type Key<'a> = (&'a str, bool, NaiveDate);

/// A duty the previous feeds published: its last day, the key of its backup's id (see
/// `Feeds::key_id`), its `SUMMARY`.
type Was<'a> = (NaiveDate, &'a str, Option<&'a str>);

/// What most likely changed a past duty, for the warning's place and hint.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cause {
    /// Time off over it, entered or taken out after it passed.
    TimeOff,
    /// The pipeline's owners.
    Owners,
    /// The pipeline is no longer in pipelines.yaml (taken out, or its id changed).
    Pipeline,
    /// The holiday is no longer listed on its date, or is new.
    Holiday,
    /// The rotation (the secondary on call, when both owners were away).
    Rotation,
}

/// One duty changed: its days, its text (pipeline and why), its backup before and now
/// (engineer ids or keys; `None`: there was or is no such duty).
struct Changed {
    pipeline: String,
    holiday: bool,
    from: NaiveDate,
    to: NaiveDate,
    what: String,
    before: Option<String>,
    now: Option<String>,
    /// Duties of an event of many swapped with other events of its day (see
    /// [`Moved::Swapped`]), or that joined it from no other (see [`grown`]): some
    /// pipelines' owners changed, and `count` is at least how many.
    least: bool,
    /// How many duties it stands for (more than one when counted: see [`uncounted`]).
    count: usize,
}

impl Changed {
    /// The duty `key` over `days`, in words `what`, its backup `before` and now (`b`'s).
    fn new(
        key: Key,
        (from, to): (NaiveDate, NaiveDate),
        what: String,
        before: Option<String>,
        b: Option<&Backup>,
    ) -> Changed {
        Changed {
            pipeline: key.0.to_string(),
            holiday: key.1,
            from,
            to,
            what,
            before,
            now: b.map(|b| b.engineer.clone()),
            least: false,
            count: 1,
        }
    }
}

/// Warns, once per line most likely changed, of the backup duties ended before the
/// build's clock (and still in its published weeks) that the previous site's personal
/// feeds gave to someone else, or did not hold, or held and this build does not: a
/// pipeline's owners swapped moved the example's Veterans Day and Thanksgiving duties of
/// Aggregate profit from Data Engineer 4's feed to Data Engineer 2's, and nothing warned.
pub fn warn_duties_rewritten(
    site: &Site,
    schedule: &Schedule,
    urls: &Urls,
    previous: &Revisions,
    diags: &mut Diagnostics,
) {
    let hosts = super::remember::Hosts::new(site, urls, previous);
    let tz = schedule.tz;
    let first = schedule.from.with_timezone(&tz).date_naive();
    let today = schedule.now.with_timezone(&tz).date_naive();
    let past = |from: NaiveDate, to: NaiveDate| first <= from && to < today;
    let Published {
        was,
        groups,
        mut recorded,
        known,
        first: shown_from,
        last: shown_to,
    } = published(previous, &hosts);
    recorded.retain(|_, g| past(g.from, g.to));
    if was.is_empty() && groups.is_empty() && recorded.is_empty() {
        return;
    }
    let departed = super::served::departed(site, previous, &hosts);
    // The keys of the engineers the previous personal feeds held events of.
    let shown_keys: std::collections::HashSet<&str> = (hosts.published(previous).into_iter())
        .filter_map(|(uid, _)| super::uid::Uid::parse(uid)?.key)
        .collect();
    let keys = Keys::new(site, &departed, &shown_keys);
    let gone = Gone::new(&departed);
    let index = Index::new(site);
    let now: BTreeMap<Key, &Backup> = (schedule.backups.iter())
        .filter(|b| past(b.from, b.to))
        .map(|b| (key(b), b))
        .collect();
    let mut changed: Vec<(Changed, Option<&Backup>)> = Vec::new();
    // Pipelines the previous feeds did not name, by name: a pipeline whose id changed.
    let fresh = Fresh::new(site, &known);
    // Pipelines with a past holiday whose backup stayed their secondary owner: their owners
    // did not change (see [`cause`]).
    let mut steady: BTreeSet<&str> = BTreeSet::new();
    for (&k, &(to, before, summary)) in was.iter().filter(|(k, w)| past(k.2, w.0)) {
        let b = now.get(&k).copied();
        let now_key = b.map(|b| keys.key(&b.engineer));
        if now_key == Some(before) {
            if b.is_some_and(|b| k.1 && b.role == BackupRole::SecondaryOwner) {
                steady.insert(k.0);
            }
            continue;
        }
        if b.is_none() && renamed(&fresh, &now, k, summary, |e| keys.key(e) == before) {
            continue;
        }
        let what = describe(site, &index, k.0, summary, b);
        let days = b.map_or((k.2, to), |b| (b.from, b.to));
        let before = Some(keys.id(before).to_string());
        changed.push((Changed::new(k, days, what, before, b), b));
    }
    // Events of many duties (see [`groups`]): a duty that left one is named.
    let name_of = |b: &'_ Backup| groups::name(b, |e| keys.key(e));
    let left = left_groups(site, (&index, &keys), &recorded, &now, &mut changed);
    let grown = many::grown(&left, &recorded, (&now, &known, &name_of), &keys);
    changed.extend(grown.map(|c| (c, None)));
    let (reported, joined, kept) = (left.reported, left.joined, left.kept);
    let mut unplaced = left.unplaced;
    for (k, b) in &now {
        let grouped = groups.contains(&(k.1, k.2));
        // Only days the previous feeds held (see [`Published::first`]): `past_weeks`
        // raised brings back duties published before, which they no longer held; nor
        // did they hold days past their horizon (see [`Published::last`]), which weeks
        // without a build bring into the past.
        let shown = shown_from.is_some_and(|d| d <= k.2) && shown_to.is_some_and(|d| k.2 <= d);
        if was.contains_key(k) || grouped || reported.contains(k) || !shown {
            continue;
        }
        // In its backup's event of many before: that event's change, if any, says; but
        // a duty that joined it is new to its backup, as one of its own event would be.
        if recorded.contains_key(name_of(b).as_str()) && !joined.contains(k) {
            continue;
        }
        // Else new to its backup: from the one group of its day that duties left. When
        // several of its day lost duties, which one it left is not known: it is counted
        // with them, not named with none before (nor taken off the first one's count).
        let groups_left = unplaced.get(&(k.1, k.2)).map_or(0, Vec::len);
        if groups_left > 1 {
            continue;
        }
        let from = (unplaced.get(&(k.1, k.2)))
            .and_then(|g| (g.len() == 1).then(|| recorded[g[0].0].backup));
        // A pipeline neither named by the previous feeds nor of one of their events of
        // many that held what it held is taken for one added: its duties are quiet.
        if from.is_none() && !known.contains(k.0) && !kept.contains(k.0) {
            continue;
        }
        if let Some(g) = unplaced.get_mut(&(k.1, k.2)) {
            g[0].1 = g[0].1.saturating_sub(1);
        }
        let what = describe(site, &index, k.0, None, Some(b));
        let before = from.map(|key| keys.id(key).to_string());
        changed.push((
            Changed::new(*k, (b.from, b.to), what, before, Some(b)),
            Some(b),
        ));
    }
    // Duties that left a group and were found nowhere: counted, with the group.
    changed.extend(many::uncounted(unplaced, &recorded, &keys).map(|c| (c, None)));
    report(site, schedule, (&index, &gone), &steady, changed, diags);
}

/// Warns of the changed duties, one warning a line of the data that caused them.
fn report(
    site: &Site,
    schedule: &Schedule,
    (index, gone): (&Index, &Gone),
    steady: &BTreeSet<&str>,
    changed: Vec<(Changed, Option<&Backup>)>,
    diags: &mut Diagnostics,
) {
    let mut by_line: BTreeMap<(String, usize), (Location, Cause, Vec<Changed>)> = BTreeMap::new();
    for (c, b) in changed {
        let steady = steady.contains(c.pipeline.as_str());
        let (location, why) = cause(site, index, &c, b, steady);
        let c = gone.named(c);
        let entry = (by_line.entry((location.file.clone(), location.line))).or_insert((
            location,
            why,
            Vec::new(),
        ));
        entry.2.push(c);
    }
    for (_, (location, why, duties)) in by_line {
        warn(site, schedule, location, why, &duties, diags);
    }
}

/// The pipelines the previous feeds did not name: their ids by name, and their names'
/// lengths.
#[derive(Default)]
struct Fresh<'a> {
    names: HashMap<&'a str, Vec<&'a str>>,
    lengths: std::collections::HashSet<usize>,
}

impl<'a> Fresh<'a> {
    /// The pipelines of `site` not in `known`.
    fn new(site: &'a Site, known: &BTreeSet<&str>) -> Fresh<'a> {
        let mut fresh = Fresh::default();
        for p in (site.pipelines.pipelines.iter()).filter(|p| !known.contains(p.id.as_str())) {
            let ids = fresh.names.entry(p.name.as_str()).or_default();
            ids.push(p.id.as_str());
            fresh.lengths.insert(p.name.len());
        }
        fresh
    }
}

/// Whether the duty `k` of a pipeline titled `summary` is now a pipeline's of a new id
/// (of `fresh`, by name) and its backup's (`same`): the pipeline's id changed, and its
/// duties are published again under its new id, as they were.
fn renamed(
    fresh: &Fresh,
    now: &BTreeMap<Key, &Backup>,
    k: Key,
    summary: Option<&str>,
    same: impl Fn(&str) -> bool,
) -> bool {
    let Some(title) = summary.and_then(|s| s.strip_prefix("Backup for ")) else {
        return false;
    };
    // The name is the title up to one of its `: ` (a name may hold one itself), of the
    // length of a fresh pipeline's name: a title of many `: ` is not hashed at each.
    (title.match_indices(": "))
        .filter(|&(at, _)| fresh.lengths.contains(&at))
        .filter_map(|(at, _)| fresh.names.get(&title[..at]))
        .flatten()
        .any(|&id| now.get(&(id, k.1, k.2)).is_some_and(|b| same(&b.engineer)))
}

/// The duty key of a backup of this build.
fn key(b: &Backup) -> Key<'_> {
    let holiday = matches!(b.reason, BackupReason::Holiday(_));
    (b.pipeline.as_str(), holiday, b.from)
}

/// The previous personal feeds' backup duties of this site: one pipeline's each
/// (`backup-<pipeline>-<holiday|away>-<first day>.<backup>@host`), by key; the days and
/// kinds of the events of more than ten duties of one backup (`backups-holiday-…`,
/// `backups-away-…`), which name no pipeline, so that this build's duties on those days
/// are not taken for new ones; and the pipelines the events named. Production's, when
/// the feeds keep them (see [`super::remember::Hosts::published`]). Not the events the
/// team feed remembers after they left the feeds (`X-PIPEBOOK-RETIRED`, no fingerprint):
/// those were not published.
fn published<'a>(previous: &'a Revisions, hosts: &super::remember::Hosts) -> Published<'a> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    let mut uids: Vec<(&String, _)> = (hosts.published(previous).into_iter())
        .filter(|(_, r)| !r.fingerprint.is_empty())
        .collect();
    uids.sort_unstable_by_key(|(uid, _)| *uid);
    let mut was = BTreeMap::new();
    let mut groups = BTreeSet::new();
    let mut recorded = BTreeMap::new();
    let mut known = BTreeSet::new();
    let mut first: Option<(&str, NaiveDate)> = None;
    let mut last: Option<&str> = None;
    for (uid, r) in uids {
        let Some((name, _)) = uid.rsplit_once('@') else {
            continue;
        };
        // The event's day after: its `DTEND`'s (a date, written at midnight; a shift's in
        // UTC, a day on at most in the rotation's zone).
        let Some(end) = (r.end.as_deref()).and_then(|e| date(e.get(..8)?)) else {
            continue;
        };
        // The first shift's end, a day on: the published weeks began in that shift (the
        // feeds do not cut a shift at their start), so they held every day after it.
        let start = r.start.as_deref();
        if let Some(start) = start.filter(|_| name.starts_with("shift-")) {
            if first.is_none_or(|(s, _)| start < s) {
                first = Some((start, end.succ_opt().unwrap_or(end)));
            }
            if last.is_none_or(|s| s < start) {
                last = Some(start);
            }
            continue;
        }
        let whole = name;
        let Some((name, backup)) = name.rsplit_once('.') else {
            continue;
        };
        let Some(to) = end.pred_opt() else {
            continue;
        };
        if let Some(rest) = name.strip_prefix("backups-") {
            let (holiday, rest) = match rest.strip_prefix("holiday-") {
                Some(rest) => (true, rest),
                None => (false, rest.strip_prefix("away-").unwrap_or_default()),
            };
            // `<first day>` for a holiday's, `<primary>-<first>-<last>` for an absence's.
            let day = match holiday {
                true => Some(rest),
                false => rest.rsplit('-').nth(1),
            };
            let Some(from) = day.and_then(date) else {
                continue;
            };
            // Its record of its duties, else (an older pipebook's) its days alone.
            match r.duties.as_deref().and_then(groups::parse) {
                Some(held) => {
                    let (name, group) = (&whole["backups-".len()..], (from, to, backup));
                    recorded.insert(name, Group::new(held, holiday, group));
                }
                None => {
                    groups.insert((holiday, from));
                }
            }
            continue;
        }
        let Some(rest) = name.strip_prefix("backup-") else {
            continue;
        };
        let Some((rest, day)) = rest.rsplit_once('-') else {
            continue;
        };
        let (pipeline, holiday) = match rest.strip_suffix("-holiday") {
            Some(p) => (p, true),
            None => match rest.strip_suffix("-away") {
                Some(p) => (p, false),
                None => continue,
            },
        };
        let Some(from) = date(day) else {
            continue;
        };
        known.insert(pipeline);
        was.entry((pipeline, holiday, from))
            .or_insert((to, backup, r.summary.as_deref()));
    }
    Published {
        was,
        groups,
        recorded,
        known,
        first: first.map(|f| f.1),
        // The last shift's start, in UTC, a day back: the horizon reached it.
        last: (last.and_then(|s| date(s.get(..8)?))).and_then(|d| d.pred_opt()),
    }
}

/// What the previous personal feeds published of backup duties (see [`published`]).
struct Published<'a> {
    was: BTreeMap<Key<'a>, Was<'a>>,
    /// The days of the events of many duties without a record of them (see [`groups`]).
    groups: BTreeSet<(bool, NaiveDate)>,
    /// The events of many duties with their record, by name (see [`groups::name`]).
    recorded: BTreeMap<&'a str, Group<'a>>,
    known: BTreeSet<&'a str>,
    /// The first day from which the previous feeds surely held every duty: the day after
    /// their first shift ended.
    first: Option<NaiveDate>,
    /// The last day up to which they surely held every duty: the day before their last
    /// shift began (their horizon's end is at its start or later).
    last: Option<NaiveDate>,
}

/// Pipelines, engineers and holidays by id (holidays by date, the first listed), so that
/// each changed duty finds its own in constant time: a site of 5,000 pipelines whose
/// owners all changed has 10,000 changed duties.
struct Index<'a> {
    pipelines: HashMap<&'a str, usize>,
    engineers: HashMap<&'a str, usize>,
    holidays: HashMap<NaiveDate, usize>,
}

impl<'a> Index<'a> {
    fn new(site: &'a Site) -> Index<'a> {
        let first = |m: &mut HashMap<_, usize>, k, i| {
            m.entry(k).or_insert(i);
        };
        let mut index = Index {
            pipelines: HashMap::new(),
            engineers: HashMap::new(),
            holidays: HashMap::new(),
        };
        for (i, p) in site.pipelines.pipelines.iter().enumerate() {
            first(&mut index.pipelines, p.id.as_str(), i);
        }
        for (i, e) in site.team.engineers.iter().enumerate() {
            first(&mut index.engineers, e.id.as_str(), i);
        }
        for (i, h) in site.oncall.holidays.iter().enumerate() {
            index.holidays.entry(h.date).or_insert(i);
        }
        index
    }

    fn pipeline(&self, id: &str) -> Option<usize> {
        self.pipelines.get(id).copied()
    }

    fn engineer(&self, id: &str) -> Option<usize> {
        self.engineers.get(id).copied()
    }

    /// Engineer `id`'s name, or the id (someone who left).
    fn engineer_name(&self, site: &Site, id: &str) -> String {
        self.engineer(id)
            .map_or_else(|| id.to_string(), |i| site.team.engineers[i].name.clone())
    }
}

/// Engineers who left, by id: the names the previous feeds showed them by (see
/// `served::departed`), so that a warning says `Data Engineer 4 (de4) before`, as the
/// served shifts' does, not an id the reader may never have seen.
struct Gone<'a>(HashMap<&'a str, &'a str>);

impl<'a> Gone<'a> {
    fn new(departed: &HashMap<&'a str, &'a str>) -> Gone<'a> {
        Gone(departed.iter().map(|(&name, &id)| (id, name)).collect())
    }

    /// `c`, its backup before named as the feeds named them if they left.
    fn named(&self, c: Changed) -> Changed {
        let before =
            (c.before.as_deref()).and_then(|id| Some(format!("{} ({id})", self.0.get(id)?)));
        Changed {
            before: before.or(c.before),
            ..c
        }
    }
}

/// Engineers by the key the feeds' `UID`s name them by (their first former id, else their
/// id), and their former ids too. An engineer whose id changed without `formerly` is
/// keyed by the id the previous feeds showed their name under (`departed`: names of ids
/// no engineer has), as served shifts match holders by name: their duties did not change
/// hands, and the id's change warns of its own (their page and feed moved). Not one
/// whose own id the previous feeds held (`shown`): of two engineers of one name, one
/// who left made the other "renamed" from them, and every past duty of the one who
/// stayed was warned of as taken from them, those of the one who left as theirs.
struct Keys<'a> {
    ids: HashMap<&'a str, &'a str>,
    keys: HashMap<&'a str, &'a str>,
}

impl<'a> Keys<'a> {
    fn new(
        site: &'a Site,
        departed: &HashMap<&'a str, &'a str>,
        shown: &std::collections::HashSet<&str>,
    ) -> Keys<'a> {
        let mut ids = HashMap::new();
        let mut keys = HashMap::new();
        let mut names: HashMap<&str, usize> = HashMap::new();
        for e in &site.team.engineers {
            *names.entry(e.name.as_str()).or_default() += 1;
        }
        for e in &site.team.engineers {
            // Under their name, once on the team and once in the previous feeds.
            let renamed = (departed.get(e.name.as_str()).copied()).filter(|_| {
                e.formerly.is_empty()
                    && names[e.name.as_str()] == 1
                    && !shown.contains(e.id.as_str())
            });
            if let Some(old) = renamed {
                ids.insert(old, e.id.as_str());
            }
            let first = e.formerly.first().map(String::as_str);
            let key = first.or(renamed).unwrap_or(e.id.as_str());
            keys.insert(e.id.as_str(), key);
            ids.entry(e.id.as_str()).or_insert(e.id.as_str());
            for f in &e.formerly {
                ids.entry(f.as_str()).or_insert(e.id.as_str());
            }
        }
        Keys { ids, keys }
    }

    /// The key of engineer `id`.
    fn key<'b>(&'b self, id: &'b str) -> &'b str {
        self.keys.get(id).copied().unwrap_or(id)
    }

    /// The engineer a key names, or the key itself (someone who left).
    fn id<'b>(&'b self, key: &'b str) -> &'b str {
        self.ids.get(key).copied().unwrap_or(key)
    }
}

/// A duty in words: its pipeline's name and why (`Aggregate profit (Veterans Day)`), from
/// this build's duty, else from the title the previous feed gave it (`Backup for
/// Aggregate profit: Veterans Day`), else its pipeline's id.
fn describe(
    site: &Site,
    index: &Index,
    pipeline: &str,
    summary: Option<&str>,
    now: Option<&Backup>,
) -> String {
    let listed = index
        .pipeline(pipeline)
        .map(|i| &site.pipelines.pipelines[i]);
    let title = summary.and_then(|s| s.strip_prefix("Backup for "));
    let (name, why) = match (now, listed, title) {
        (Some(b), _, _) => (
            listed.map_or_else(|| pipeline.to_string(), |p| p.name.clone()),
            b.reason_text(&site.oncall.holidays, &|id| index.engineer_name(site, id)),
        ),
        (None, Some(p), Some(t)) => {
            let why = t
                .strip_prefix(p.name.as_str())
                .and_then(|t| t.strip_prefix(": "));
            (p.name.clone(), why.unwrap_or_default().to_string())
        }
        (None, None, Some(t)) => match t.split_once(": ") {
            Some((name, why)) => (name.to_string(), why.to_string()),
            None => (t.to_string(), String::new()),
        },
        (None, _, None) => (
            listed.map_or_else(|| pipeline.to_string(), |p| p.name.clone()),
            String::new(),
        ),
    };
    match why.is_empty() {
        true => name,
        false => format!("{name} ({why})"),
    }
}

/// Where the change that moved a past duty most likely is, and which it is (see [`Cause`]).
/// `steady`: another past holiday of the pipeline kept its secondary owner as backup, so
/// a holiday's duty given back to them was their time off taken out, not an owner changed.
fn cause(
    site: &Site,
    index: &Index,
    c: &Changed,
    now: Option<&Backup>,
    steady: bool,
) -> (Location, Cause) {
    let sources = &site.sources;
    let away = |id: &str| time_off(site, index, id, c.from, c.to);
    // Its backup before, away now.
    if let Some(location) = c.before.as_deref().and_then(away) {
        return (location, Cause::TimeOff);
    }
    let Some(i) = index.pipeline(&c.pipeline) else {
        let why = match c.least {
            true => Cause::Owners,
            false => Cause::Pipeline,
        };
        return (sources.pipelines.locate("pipelines"), why);
    };
    let p = &site.pipelines.pipelines[i];
    if !c.holiday {
        // A duty of the primary owner's absence, added: their time off entered late.
        if let Some(location) = away(&p.primary).filter(|_| c.before.is_none()) {
            return (location, Cause::TimeOff);
        }
        // Gone: their time off taken out (or cut), or the primary owner changed, when the
        // absence the previous feed named (`C 0 (Data Engineer 1 is away)`) is another's.
        let k = index.engineer(&p.primary);
        if let Some(k) = k.filter(|_| c.now.is_none()) {
            let what = c.what.replace(['\u{2068}', '\u{2069}'], "");
            let name = &site.team.engineers[k].name;
            if what.contains(" is away") && !what.contains(&format!("({name} is away")) {
                let location = sources.pipelines.locate(&format!("pipelines[{i}].primary"));
                return (location, Cause::Owners);
            }
            let location = sources.team.locate(&format!("engineers[{k}].time_off"));
            return (location, Cause::TimeOff);
        }
    } else {
        let listed = index.holidays.get(&c.from).copied();
        match listed {
            None if c.now.is_none() => return (sources.oncall.locate("holidays"), Cause::Holiday),
            Some(h) if c.before.is_none() => {
                let imported = site.oncall.holidays.len() - site.oncall.imported_holidays;
                let path = match h < imported {
                    true => format!("holidays[{h}]"),
                    false => "calendars.holidays".to_string(),
                };
                return (sources.oncall.locate(&path), Cause::Holiday);
            }
            _ => {}
        }
    }
    let back = now.is_some_and(|b| b.role == BackupRole::SecondaryOwner);
    let k = index.engineer(&p.secondary);
    if let Some(k) = k.filter(|_| steady && back && c.holiday && c.before.is_some()) {
        let location = sources.team.locate(&format!("engineers[{k}].time_off"));
        return (location, Cause::TimeOff);
    }
    if now.is_some_and(|b| b.role == BackupRole::SecondaryOnCall) {
        let path = match site.oncall.secondary.is_some() {
            true => "secondary.order",
            false => "rotation.order",
        };
        return (sources.oncall.locate(path), Cause::Rotation);
    }
    let path = format!("pipelines[{i}].secondary");
    (sources.pipelines.locate(&path), Cause::Owners)
}

/// The line of engineer `id`'s time off over a day of `from..=to`: its entry in
/// team.yaml, or the calendars naming it in oncall.yaml.
fn time_off(
    site: &Site,
    index: &Index,
    id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Location> {
    let i = index.engineer(id)?;
    let e = &site.team.engineers[i];
    let j = (e.time_off.iter()).position(|t| t.from <= to && from <= t.to)?;
    let path = format!("engineers[{i}].time_off[{j}]");
    let sources = &site.sources;
    Some(match sources.team.spans.contains_key(&path) {
        true => sources.team.locate(&path),
        false => sources.oncall.locate(&format!("calendars.time_off.{id}")),
    })
}

/// Warns at `location` of the past duties `duties`, changed by `why`.
fn warn(
    site: &Site,
    schedule: &Schedule,
    location: Location,
    why: Cause,
    duties: &[Changed],
    diags: &mut Diagnostics,
) {
    let name = |id: &Option<String>| match id {
        Some(id) => site.engineer_name(id),
        None => "none".to_string(),
    };
    let day = |d: NaiveDate| d.format("%a %-d %b %Y").to_string();
    let named: Vec<String> = (duties.iter().take(NAMED))
        .map(|c| {
            let days = match c.from == c.to {
                true => day(c.from),
                false => format!("{} to {}", day(c.from), day(c.to)),
            };
            format!(
                "{days}, {}: {} before, {} now",
                c.what,
                name(&c.before),
                name(&c.now)
            )
        })
        .collect();
    let more = match duties.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let last = duties
        .iter()
        .map(|c| c.to)
        .max()
        .unwrap_or(schedule.now.date_naive());
    let weeks = i64::from(site.oncall.horizon.past_weeks);
    let gone = day(last + Duration::days(1) + Duration::weeks(weeks));
    let wait = format!("the duties leave the published weeks (`horizon.past_weeks`) after {gone}");
    let hint = match why {
        Cause::TimeOff => format!("a backup is never someone away, so time off entered (or taken out) for days already past gives their backup duties to someone else, adds or takes them away, in subscribers' calendars too; if the duties were served as published, leave those days out, or enter the time off once {wait}"),
        Cause::Owners => format!("pipelines.yaml keeps no history: a pipeline's owners are its owners on every day of the published weeks, past ones too, so a change of owners (or of who is one) rewrites who backed it up on past holidays and absences; to keep the duties as published, make the change once {wait}"),
        Cause::Pipeline => format!("a pipeline taken out of pipelines.yaml, or whose id changed, takes its backup duties out of its backups' feeds, past ones too; to keep them, keep the pipeline under its id until {wait}"),
        Cause::Holiday => format!("each holiday gives each pipeline a backup, so a holiday added, moved or taken out for days already past adds or takes away duties served or not; keep past holidays as they were until {wait}"),
        Cause::Rotation => format!("when both owners are away the backup is the secondary on call that day, so a change of the rotation moves those duties too, past ones as well; to keep them, make the change once {wait}"),
    };
    let n: usize = duties.iter().map(|c| c.count).sum();
    let least = match duties.iter().any(|c| c.least) {
        true => "at least ",
        false => "",
    };
    diags.warning(
        location,
        format!(
            "{least}{n} backup dut{} already past now show{} another backup than the site this build replaces: {}{more}; subscribers' calendars rewrite them",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "s" } else { "" },
            named.join("; ")
        ),
        hint,
    );
}
