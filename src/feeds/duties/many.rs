//! The previous feeds' events of more than ten duties (see [`super::groups`]) that this
//! build's past duties changed: duties that left one, swapped between those of a day, or
//! joined one, found by their records.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::Site;
use crate::schedule::Backup;

use super::super::groups::{self, Group, Moved};
use super::{describe, Changed, Index, Key, Keys, OTHERS};

/// Of each day (of a holiday's, else an absence's duties), the previous feeds' events of
/// many duties that more than one duty left (their names), and how many left.
pub(super) type Unplaced<'a> = BTreeMap<(bool, NaiveDate), Vec<(&'a str, usize)>>;

/// How the previous feeds' events of many changed (see [`left_groups`]).
pub(super) struct Left<'a, 'b> {
    /// The duties that left one alone, found by name and warned of.
    pub(super) reported: HashSet<Key<'b>>,
    /// The duties that joined one alone, found by name: new to their backup.
    pub(super) joined: HashSet<Key<'b>>,
    /// The pipelines of the events that hold what they held (see [`groups::Compared`]).
    pub(super) kept: HashSet<&'b str>,
    /// The duties that left the events more than one left, counted by day.
    pub(super) unplaced: Unplaced<'a>,
    /// The events that more than one duty joined (see [`grown`]): their names, how many
    /// they hold now.
    pub(super) grown: Vec<(&'a str, usize)>,
    /// How many duties left the events of each day (by day).
    pub(super) lost: HashMap<(bool, NaiveDate), usize>,
}

/// The duties that left the previous feeds' events of many `recorded` (see [`groups`]):
/// each one found by name is pushed to `changed` (and is in `reported`); those of events
/// more than one left, counted by day; the duties that joined one, found by name.
pub(super) fn left_groups<'a, 'b>(
    site: &'b Site,
    (index, keys): (&Index, &Keys),
    recorded: &BTreeMap<&'a str, Group<'a>>,
    now: &BTreeMap<Key<'b>, &'b Backup>,
    changed: &mut Vec<(Changed, Option<&'b Backup>)>,
) -> Left<'a, 'b>
where
    'a: 'b,
{
    let groups::Compared {
        changed: moved,
        kept,
    } = groups::compare(
        recorded,
        now.values()
            .map(|b| (groups::name(b, |e| keys.key(e)), b.pipeline.as_str())),
        site.pipelines.pipelines.iter().map(|p| p.id.as_str()),
    );
    let mut reported: HashSet<Key> = HashSet::new();
    let mut joined: HashSet<Key> = HashSet::new();
    let mut unplaced: Unplaced = BTreeMap::new();
    let mut swapped: BTreeMap<(bool, NaiveDate), Vec<(&'a str, usize)>> = BTreeMap::new();
    let mut grown = Vec::new();
    let mut lost: HashMap<(bool, NaiveDate), usize> = HashMap::new();
    for (name, m) in moved {
        let g = &recorded[name];
        let day = lost.entry((g.holiday, g.from)).or_default();
        match m {
            Moved::Left(_) => *day += 1,
            Moved::Many(before, after) => *day += before.saturating_sub(after),
            _ => {}
        }
        match m {
            Moved::Left(p) => {
                let k = (p, g.holiday, g.from);
                let b = now.get(&k).copied();
                let what = describe(site, index, p, None, b);
                let days = b.map_or((g.from, g.to), |b| (b.from, b.to));
                let before = Some(keys.id(g.backup).to_string());
                changed.push((Changed::new(k, days, what, before, b), b));
                reported.insert(k);
            }
            Moved::Joined(p) => {
                joined.insert((p, g.holiday, g.from));
            }
            Moved::Many(before, after) if after < before => {
                let left = (name, before - after);
                unplaced.entry((g.holiday, g.from)).or_default().push(left);
            }
            Moved::Many(_, after) => grown.push((name, after)),
            Moved::Swapped(n) => swapped
                .entry((g.holiday, g.from))
                .or_default()
                .push((name, n)),
        }
    }
    changed.extend(swaps(site, swapped, recorded, keys).map(|c| (c, None)));
    Left {
        reported,
        joined,
        kept,
        unplaced,
        grown,
        lost,
    }
}

/// The events of many that more duties joined than left the events of their day, and
/// than pipelines new to the previous feeds (added, or whose id changed) joined: each
/// counted, its backup now, none before. Which duties joined, its record does not say
/// (two are named: see [`groups::compare`]); each had no backup, or one of its own event
/// (a duty that left one warns of its own). `now`: this build's past duties; `known`: the
/// pipelines the previous feeds named (see [`fresh_in`]).
pub(super) fn grown<'a>(
    left: &Left<'a, '_>,
    recorded: &'a BTreeMap<&'a str, Group<'a>>,
    (now, known, name_of): (
        &BTreeMap<Key, &Backup>,
        &BTreeSet<&str>,
        &impl Fn(&Backup) -> String,
    ),
    keys: &'a Keys,
) -> impl Iterator<Item = Changed> + 'a {
    let fresh = fresh_in(left, now, known, name_of);
    let mut found = Vec::new();
    for &(name, after) in &left.grown {
        let g = &recorded[name];
        let lost = left.lost.get(&(g.holiday, g.from)).copied().unwrap_or(0);
        let new = fresh.get(name).copied().unwrap_or(0);
        let joined = after.saturating_sub(g.held.count + lost + new);
        if joined == 0 {
            continue;
        }
        let what = format!("{joined} of the {after} pipelines of one event");
        let c = Changed::new(("", g.holiday, g.from), (g.from, g.to), what, None, None);
        let now = Some(keys.id(g.backup).to_string());
        found.push(Changed {
            now,
            least: true,
            count: joined,
            ..c
        });
    }
    found.into_iter()
}

/// Of the events of many that more than one duty joined (see [`Left::grown`]), how many
/// pipelines each holds that the previous feeds did not name (nor an event of many that
/// holds what it held): pipelines added, or whose id changed. One pass over the duties.
fn fresh_in(
    left: &Left,
    now: &BTreeMap<Key, &Backup>,
    known: &BTreeSet<&str>,
    name_of: &impl Fn(&Backup) -> String,
) -> HashMap<String, usize> {
    let mut fresh: HashMap<String, usize> = HashMap::new();
    if left.grown.is_empty() {
        return fresh;
    }
    let grown: HashSet<&str> = left.grown.iter().map(|&(name, _)| name).collect();
    for (k, b) in now {
        if known.contains(k.0) || left.kept.contains(k.0) {
            continue;
        }
        let name = name_of(b);
        if grown.contains(name.as_str()) {
            *fresh.entry(name).or_default() += 1;
        }
    }
    fresh
}

/// The events of many `recorded` that swapped duties with others of their day (their
/// names and counts, by day): one change of each, its backup before, and now the other
/// event's backup, or one of the others' (`Data Engineer 2 or Data Engineer 3`: the
/// duties it lost went to the events it swapped with; it said "other backups or none"
/// before, when three or more swapped, none of which had none). Which pipelines moved,
/// and how many, their records do not say.
fn swaps<'a>(
    site: &'a Site,
    swapped: BTreeMap<(bool, NaiveDate), Vec<(&'a str, usize)>>,
    recorded: &'a BTreeMap<&'a str, Group<'a>>,
    keys: &'a Keys,
) -> impl Iterator<Item = Changed> + 'a {
    swapped.into_values().flat_map(move |day| {
        let backups: Vec<&str> = day.iter().map(|(name, _)| recorded[name].backup).collect();
        day.into_iter().map(move |(name, n)| {
            let g = &recorded[name];
            let what = format!("some of the {n} pipelines of one event");
            let before = Some(keys.id(g.backup).to_string());
            let c = Changed::new(("", g.holiday, g.from), (g.from, g.to), what, before, None);
            let now = one_of(site, keys, backups.iter().filter(|&&b| b != g.backup));
            Changed {
                now,
                least: true,
                ..c
            }
        })
    })
}

/// The id of the one backup of `others`, or their names as one of them (`A, B or C`), for
/// [`super::warn`], which shows an id by its name and any other text as it is (no id
/// holds a space); [`OTHERS`] when there are none.
fn one_of<'b>(
    site: &Site,
    keys: &Keys,
    others: impl Iterator<Item = &'b &'b str>,
) -> Option<String> {
    let mut ids: Vec<&str> = others.map(|b| keys.id(b)).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: Vec<String> = ids.iter().map(|id| site.engineer_name(id)).collect();
    Some(match (ids.as_slice(), names.split_last()) {
        ([], _) => OTHERS.to_string(),
        ([id], _) => (*id).to_string(),
        (_, Some((last, rest))) => format!("{} or {last}", rest.join(", ")),
        (_, None) => OTHERS.to_string(),
    })
}

/// The duties that left the events of many `recorded` and were found nowhere (see
/// [`Unplaced`]): one change of each event, counting them.
pub(super) fn uncounted<'a>(
    unplaced: Unplaced<'a>,
    recorded: &'a BTreeMap<&'a str, Group<'a>>,
    keys: &'a Keys,
) -> impl Iterator<Item = Changed> + 'a {
    let left = unplaced.into_values().flatten().filter(|&(_, n)| n > 0);
    left.map(move |(name, n)| {
        let g = &recorded[name];
        let what = format!("{n} of the {} pipelines of one event", g.held.count);
        let before = Some(keys.id(g.backup).to_string());
        let c = Changed::new(("", g.holiday, g.from), (g.from, g.to), what, before, None);
        let now = Some(OTHERS.to_string());
        Changed { now, count: n, ..c }
    })
}
