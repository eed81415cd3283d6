//! The duties of a personal feed's event of more than ten backup duties (see
//! `backups_event`), which names the first ten pipelines and counts the rest, and whose
//! `UID` names none: its record of them all (`X-PIPEBOOK-DUTIES:COUNT HASH`), and what a
//! later build makes of it (see `duties`).
//!
//! The record is of fixed size (a group of 5,000 duties writes 20 bytes, not 5,000 ids)
//! and out of the event's fingerprints: an id listed in the text would make the event
//! grow with its group, and a record in the text would rewrite every such event once
//! (`LAST-MODIFIED`) on the build that first writes it. `HASH` is the exclusive or of the
//! pipeline ids' hashes, so that one duty moved in or out (an owner swapped, the common
//! edit) is found exactly: the record's hash and this build's differ by that pipeline's.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use xxhash_rust::xxh3::xxh3_64;

use crate::schedule::{Backup, BackupReason};

/// The record of the duties of `pipelines` (ids): `COUNT HASH`.
pub(super) fn record<'a>(pipelines: impl Iterator<Item = &'a str>) -> String {
    let (count, hash) = (pipelines.map(one)).fold((0usize, 0u64), |(n, h), x| (n + 1, h ^ x));
    format!("{count} {hash:016x}")
}

/// One pipeline id's hash.
fn one(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

/// A record as [`record`] writes it: `COUNT HASH`.
pub(super) fn parse(record: &str) -> Option<Held> {
    let (count, hash) = record.trim().split_once(' ')?;
    Some(Held {
        count: count.parse().ok()?,
        hash: u64::from_str_radix(hash, 16).ok()?,
    })
}

/// What a group of duties holds: how many, and their pipelines' hashes joined.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Held {
    pub count: usize,
    hash: u64,
}

impl Held {
    fn add(&mut self, pipeline: &str) {
        self.count += 1;
        self.hash ^= one(pipeline);
    }
}

/// The name of the group a backup duty is of in its backup's feed, as the group's `UID`
/// says it after `backups-`: `holiday-<first day>.<backup>` or
/// `away-<primary>-<first day>-<last day>.<backup>`, `key` giving each engineer's key.
pub(super) fn name<'k>(b: &'k Backup, key: impl Fn(&'k str) -> &'k str) -> String {
    let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
    match b.reason {
        BackupReason::Holiday(_) => ["holiday-", &day(b.from), ".", key(&b.engineer)].concat(),
        BackupReason::PrimaryAway(_) => [
            "away-",
            key(&b.primary),
            "-",
            &day(b.from),
            "-",
            &day(b.to),
            ".",
            key(&b.engineer),
        ]
        .concat(),
    }
}

/// A group of duties the previous feeds recorded: what it held, of a holiday's (else an
/// absence's), its days, its backup's key.
pub(super) struct Group<'a> {
    pub held: Held,
    pub holiday: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub backup: &'a str,
}

impl<'a> Group<'a> {
    pub(super) fn new(
        held: Held,
        holiday: bool,
        (from, to, backup): (NaiveDate, NaiveDate, &'a str),
    ) -> Group<'a> {
        Group {
            held,
            holiday,
            from,
            to,
            backup,
        }
    }
}

/// The previous feeds' group that holds something else now, and what it changed by.
pub(super) enum Moved<'a> {
    /// One pipeline's duty left it (to another backup, or to none): the pipeline's id.
    Left(&'a str),
    /// One pipeline's duty joined it: the pipeline's id. Where it was (a duty of its own
    /// event, a group it left, or none) tells whether it warns.
    Joined(&'a str),
    /// More than one duty moved: how many it held, and holds now.
    Many(usize, usize),
    /// Duties moved between it and other groups of its day, and nowhere else: it holds
    /// as many as it held (how many), and its record and theirs differ by the same
    /// pipelines (see [`swaps`]).
    Swapped(usize),
}

/// What [`compare`] found.
pub(super) struct Compared<'a, 'p> {
    /// Each group that changed, and how.
    pub changed: Vec<(&'a str, Moved<'p>)>,
    /// The pipelines of the groups that hold what they held (by their records), or but
    /// one duty moved in or out: they were in the site the previous feeds are of, though
    /// no event named them.
    pub kept: HashSet<&'p str>,
}

/// Compares the groups the previous feeds recorded (by name, see [`name`]) with this
/// build's duties `now` (of their days, by group name): each group that changed, and
/// how. `pipelines` are this build's pipeline ids, one of which a single duty that left
/// is (a pipeline taken out is not: it is counted as [`Moved::Many`]). A group that lost
/// one duty and gained one (two owners swapped across two groups of a day) gives both.
pub(super) fn compare<'a, 'p>(
    recorded: &BTreeMap<&'a str, Group<'a>>,
    now: impl Iterator<Item = (String, &'p str)>,
    pipelines: impl Iterator<Item = &'p str>,
) -> Compared<'a, 'p> {
    let mut held: HashMap<String, (Held, Vec<&'p str>)> = HashMap::new();
    for (name, pipeline) in now {
        if recorded.contains_key(name.as_str()) {
            let group = held.entry(name).or_default();
            group.0.add(pipeline);
            group.1.push(pipeline);
        }
    }
    let mut changed = Vec::new();
    let mut kept = HashSet::new();
    let mut by_hash: Option<HashMap<u64, &'p str>> = None;
    let mut pipelines = Some(pipelines);
    // The groups of as many duties as before that more than one moved in and out of: by
    // day, their names and records' differences.
    let mut balanced: BTreeMap<(bool, NaiveDate), Vec<(&'a str, u64)>> = BTreeMap::new();
    for (&name, group) in recorded {
        let before = group.held;
        let (after, members) = held
            .get(name)
            .map_or((Held::default(), &[][..]), |(h, m)| (*h, &m[..]));
        if after == before {
            kept.extend(members);
            continue;
        }
        let by_hash = by_hash.get_or_insert_with(|| {
            (pipelines.take().into_iter().flatten())
                .map(|p| (one(p), p))
                .collect()
        });
        let one_moved = before.count.abs_diff(after.count) == 1;
        let diff = before.hash ^ after.hash;
        if before.count == after.count {
            if let Some((left, joined)) = swapped(diff, members, by_hash) {
                kept.extend(members.iter().filter(|&&p| p != joined));
                changed.push((name, Moved::Left(left)));
                changed.push((name, Moved::Joined(joined)));
                continue;
            }
        }
        if after.count == before.count + 2 {
            if let Some((x, y)) = joined_two(diff, members) {
                kept.extend(members.iter().filter(|&&p| p != x && p != y));
                changed.push((name, Moved::Joined(x)));
                changed.push((name, Moved::Joined(y)));
                continue;
            }
        }
        let moved = match by_hash.get(&diff) {
            Some(&p) if one_moved && before.count > after.count => Moved::Left(p),
            Some(&p) if one_moved => Moved::Joined(p),
            _ => Moved::Many(before.count, after.count),
        };
        if before.count == after.count {
            let day = balanced.entry((group.holiday, group.from)).or_default();
            day.push((name, diff));
        }
        // Who it held before and holds still, when one duty moved.
        match moved {
            Moved::Left(_) => kept.extend(members),
            Moved::Joined(p) => kept.extend(members.iter().filter(|&&m| m != p)),
            Moved::Many(..) | Moved::Swapped(_) => {}
        }
        changed.push((name, moved));
    }
    let swapped = swaps(balanced);
    for (name, moved) in &mut changed {
        if let (true, Moved::Many(before, _)) = (swapped.contains(name), &*moved) {
            kept.extend(held.get(*name).into_iter().flat_map(|(_, m)| m));
            *moved = Moved::Swapped(*before);
        }
    }
    Compared { changed, kept }
}

/// Of the groups of each day that hold as many duties as before but other ones (their
/// names and records' differences, `balanced`), those between which duties were swapped:
/// the day's, when there are several and their differences cancel out. Duties moved
/// between groups of a day take each pipeline's hash out of one record and into another,
/// so the differences of the groups they moved between cancel out; a pipeline whose id
/// changed differs one group's record alone, by its two ids' hashes, which no other
/// group's cancels (but by a 64-bit hash's chance). Two groups of the same difference
/// swapped duties, whatever the day's other groups did.
fn swaps(balanced: BTreeMap<(bool, NaiveDate), Vec<(&str, u64)>>) -> HashSet<&str> {
    let mut found = HashSet::new();
    for day in balanced.into_values().filter(|day| day.len() > 1) {
        if day.iter().fold(0, |h, (_, d)| h ^ d) == 0 {
            found.extend(day.into_iter().map(|(name, _)| name));
            continue;
        }
        let mut by_diff: HashMap<u64, Vec<&str>> = HashMap::new();
        for (name, diff) in day {
            by_diff.entry(diff).or_default().push(name);
        }
        found.extend(by_diff.into_values().filter(|n| n.len() == 2).flatten());
    }
    found
}

/// The two pipelines that joined a group holding two duties more than before, if two of
/// its `members` now make up `diff`, its record's difference, and no other pair does:
/// one look-up per member.
fn joined_two<'p>(diff: u64, members: &[&'p str]) -> Option<(&'p str, &'p str)> {
    let by_hash: HashMap<u64, &'p str> = members.iter().map(|&p| (one(p), p)).collect();
    let mut found = None;
    for &x in members {
        let Some(&y) = by_hash.get(&(diff ^ one(x))) else {
            continue;
        };
        if x == y {
            continue;
        }
        let pair = if x < y { (x, y) } else { (y, x) };
        match found {
            Some(f) if f != pair => return None,
            _ => found = Some(pair),
        }
    }
    found
}

/// The one pipeline that left a group of as many duties as before and the one that
/// joined it, if one of its `members` now and one pipeline of `by_hash` (by hash) make up
/// `diff`, its record's difference, and no other pair does: one look-up per member.
fn swapped<'p>(
    diff: u64,
    members: &[&'p str],
    by_hash: &HashMap<u64, &'p str>,
) -> Option<(&'p str, &'p str)> {
    let mut found = None;
    for &joined in members {
        if let Some(&left) = by_hash.get(&(diff ^ one(joined))) {
            if left == joined || found.is_some() {
                return None;
            }
            found = Some((left, joined));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_duty_moved_out_is_named_and_a_record_reads_back() {
        let ids = ["a", "b", "c"];
        let before = parse(&record(ids.iter().copied())).unwrap();
        assert_eq!(before.count, 3);
        let day = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        let group = Group {
            held: before,
            holiday: true,
            from: day,
            to: day,
            backup: "de4",
        };
        let recorded = BTreeMap::from([("holiday-20261111.de4", group)]);
        let now = ["a", "c"].map(|p| ("holiday-20261111.de4".to_string(), p));
        let changed = compare(&recorded, now.into_iter(), ids.iter().copied()).changed;
        assert!(matches!(
            changed[..],
            [("holiday-20261111.de4", Moved::Left("b"))]
        ));
        let same = ids.map(|p| ("holiday-20261111.de4".to_string(), p));
        let same = compare(&recorded, same.into_iter(), ids.iter().copied());
        assert!(same.changed.is_empty() && same.kept.len() == 3);
        assert!(parse("12").is_none() && parse("x 0a").is_none());
        // One out (b) and one in (d): both named.
        let all = ["a", "b", "c", "d"];
        let swap = ["a", "c", "d"].map(|p| ("holiday-20261111.de4".to_string(), p));
        let changed = compare(&recorded, swap.into_iter(), all.iter().copied()).changed;
        assert!(matches!(
            changed[..],
            [(_, Moved::Left("b")), (_, Moved::Joined("d"))]
        ));
    }

    #[test]
    fn duties_swapped_between_two_groups_and_two_joined_are_found() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
        let group = |ids: &[&str], backup| {
            let held = parse(&record(ids.iter().copied())).unwrap();
            Group::new(held, true, (day, day, backup))
        };
        let recorded = BTreeMap::from([
            ("holiday-20261111.de3", group(&["a", "b", "c"], "de3")),
            ("holiday-20261111.de4", group(&["x", "y", "z"], "de4")),
        ]);
        let all = ["a", "b", "c", "x", "y", "z"];
        // a and b to de4, x and y to de3: both groups, as many as before.
        let now = [("de3", "x"), ("de3", "y"), ("de3", "c")]
            .into_iter()
            .chain([("de4", "a"), ("de4", "b"), ("de4", "z")])
            .map(|(b, p)| (format!("holiday-20261111.{b}"), p));
        let changed = compare(&recorded, now, all.iter().copied()).changed;
        assert!(matches!(
            changed[..],
            [(_, Moved::Swapped(3)), (_, Moved::Swapped(3))]
        ));
        // a and b renamed in de3's group alone: many moved, not swapped.
        let now = ["a2", "b2", "c", "x", "y", "z"].map(|p| {
            let b = if p.len() == 1 && p >= "x" {
                "de4"
            } else {
                "de3"
            };
            (format!("holiday-20261111.{b}"), p)
        });
        let changed = compare(&recorded, now.into_iter(), all.iter().copied()).changed;
        assert!(matches!(changed[..], [(_, Moved::Many(3, 3))]));
        // A swapped with B while C's ids changed, on one day: A and B found.
        let mut three = BTreeMap::from([
            ("holiday-20261111.de3", group(&["a", "b", "c"], "de3")),
            ("holiday-20261111.de4", group(&["x", "y", "z"], "de4")),
        ]);
        three.insert("holiday-20261111.de2", group(&["m", "n"], "de2"));
        let now = [("de3", "x"), ("de3", "y"), ("de3", "c"), ("de2", "m2")]
            .into_iter()
            .chain([("de4", "a"), ("de4", "b"), ("de4", "z"), ("de2", "n")])
            .map(|(b, p)| (format!("holiday-20261111.{b}"), p));
        let changed = compare(&three, now, all.iter().copied()).changed;
        assert!(matches!(
            changed[..],
            [
                (_, Moved::Many(2, 2)),
                (_, Moved::Swapped(3)),
                (_, Moved::Swapped(3))
            ]
        ));
        // d and e joined de4's group.
        let now = ["x", "y", "z", "d", "e"].map(|p| ("holiday-20261111.de4".to_string(), p));
        let now = now
            .into_iter()
            .chain(["a", "b", "c"].map(|p| ("holiday-20261111.de3".to_string(), p)));
        let changed = compare(&recorded, now, all.iter().copied()).changed;
        assert!(matches!(
            changed[..],
            [(_, Moved::Joined("d")), (_, Moved::Joined("e"))]
        ));
    }
}
