//! The engineer a previous feed's event named, by id, for the served-shift comparisons
//! of [`super::served`]: the team feed names holders by name, and two engineers may
//! share one (team.yaml warns of it, and allows it). By name alone each of two
//! engineers named "Data Engineer 1" was taken for the same one: every build, nothing
//! edited, warned that served shifts "now show someone else … (Data Engineer 1 before,
//! Data Engineer 1 now)", and a shift given from one to the other warned of nothing
//! (`tests/cal61.rs`). A shared name is told apart by the previous personal feeds,
//! whose `UID` says whose feed the event was in (`shift-48.de2@host`).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};

use super::uid::{Role, Uid};
use crate::model::{Revision, Site};

/// Engineer ids by the names the previous feeds showed.
pub(super) struct Names<'a> {
    /// Names one engineer has now, with their id.
    unique: HashMap<&'a str, &'a str>,
    /// Names the previous personal feeds showed under two or more ids, or that two or
    /// more engineers share now: told apart by the feed each event was in.
    shared: HashSet<&'a str>,
    /// The holders of the previous personal feeds' events of a shared name: by the
    /// event's start and the name, the key of the feed it was in.
    holders: HashMap<(DateTime<Utc>, &'a str), &'a str>,
    /// The engineers now by the keys their feeds' `UID`s may name them by: their id and
    /// their former ids.
    ids: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    /// The names of `site`'s engineers, and the holders of shared ones in `published`
    /// (the previous site's records of what production published). A name that was
    /// shared and is no longer (one of the two left) is still told apart: by name alone,
    /// the served shifts of the one who left were taken for the other's, so that those
    /// given to the other warned of nothing and the others' hint pinned the wrong id.
    pub(super) fn new(site: &'a Site, published: &[(&'a String, &'a Revision)]) -> Self {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut ids = HashMap::new();
        for e in &site.team.engineers {
            by_name
                .entry(e.name.as_str())
                .or_default()
                .push(e.id.as_str());
            ids.insert(e.id.as_str(), e.id.as_str());
        }
        for e in &site.team.engineers {
            for f in &e.formerly {
                ids.entry(f.as_str()).or_insert(e.id.as_str());
            }
        }
        let mut shared: HashSet<&str> = (by_name.iter())
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(&n, _)| n)
            .collect();
        let unique = (by_name.into_iter())
            .filter(|(_, ids)| ids.len() == 1)
            .map(|(n, ids)| (n, ids[0]))
            .collect();
        // Each personal feed's event of someone on call: (start, name, key).
        let events: Vec<_> = (published.iter())
            .filter_map(|(uid, r)| {
                let (Role::OnCall, id) = Uid::parse(uid)?.shift_role()? else {
                    return None;
                };
                let name = r.summary.as_deref()?.strip_prefix("On call: ")?;
                let name = name.strip_suffix(" (override)").unwrap_or(name);
                let start = NaiveDateTime::parse_from_str(r.start.as_deref()?, "%Y%m%dT%H%M%SZ");
                Some((start.ok()?.and_utc(), name, id))
            })
            .collect();
        let mut first: HashMap<&str, &str> = HashMap::new();
        for &(_, name, id) in &events {
            if *first.entry(name).or_insert(id) != id {
                shared.insert(name);
            }
        }
        let holders = (events.into_iter())
            .filter(|(_, name, _)| shared.contains(name))
            .map(|(start, name, id)| ((start, name), id))
            .collect();
        Names {
            unique,
            shared,
            holders,
            ids,
        }
    }

    /// The id of the holder a previous team feed's event from `start` named `name`: the
    /// one engineer of that name, else the one whose personal feed held that event.
    /// None for a name no one has now (a rename, someone who left), and for an event of
    /// a shared name whose feed was of someone who left.
    pub(super) fn holder(&self, name: &str, start: DateTime<Utc>) -> Option<&'a str> {
        match self.holders.get(&(start, name)) {
            Some(key) if self.shared.contains(name) => self.ids.get(key).copied(),
            _ => self.unique.get(name).copied(),
        }
    }

    /// The id of the one a previous "Secondary on call" event named `name`, in the
    /// personal feed of `key` (its `UID`'s): the one engineer of that name, else, for a
    /// shared name, the engineer of that key (none if they left).
    pub(super) fn secondary(&self, name: &str, key: &str) -> Option<&'a str> {
        match self.shared.contains(name) {
            true => self.ids.get(key).copied(),
            false => self.unique.get(name).copied(),
        }
    }
}

/// Engineer `id` as a warning names them: by name, with the id when another engineer has
/// that name too ("Data Engineer 1 (de2)"), which alone would name both alike.
pub(super) fn shown(site: &Site, id: &str) -> String {
    let name = site.engineer_name(id);
    let engineers = site.team.engineers.iter();
    match engineers.filter(|e| e.name == name).count() > 1 {
        true => format!("{name} ({id})"),
        false => name,
    }
}
