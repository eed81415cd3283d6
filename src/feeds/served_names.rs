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

use crate::model::{Revision, Site};

/// Engineer ids by the names the previous feeds showed.
pub(super) struct Names<'a> {
    /// Names one engineer has now, with their id.
    unique: HashMap<&'a str, &'a str>,
    /// Names two or more engineers share now, each with the id of one who has it.
    shared: HashSet<(&'a str, &'a str)>,
    /// The holders of the previous personal feeds' events of a shared name: by the
    /// event's start and the name, the id of the feed it was in.
    holders: HashMap<(DateTime<Utc>, &'a str), &'a str>,
}

impl<'a> Names<'a> {
    /// The names of `site`'s engineers, and the holders of shared ones in `published`
    /// (the previous site's records of what production published).
    pub(super) fn new(site: &'a Site, published: &[(&'a String, &'a Revision)]) -> Self {
        let mut ids: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in &site.team.engineers {
            ids.entry(e.name.as_str()).or_default().push(e.id.as_str());
        }
        let (shared, unique): (HashMap<_, _>, HashMap<_, _>) =
            ids.into_iter().partition(|(_, ids)| ids.len() > 1);
        let unique = unique.into_iter().map(|(n, ids)| (n, ids[0])).collect();
        let shared = (shared.into_iter())
            .flat_map(|(n, ids): (&str, Vec<&str>)| ids.into_iter().map(move |id| (n, id)))
            .collect();
        let mut names = Names {
            unique,
            shared,
            holders: HashMap::new(),
        };
        if names.shared.is_empty() {
            return names;
        }
        for (uid, r) in published {
            let Some(key) = uid.split_once('@').map(|(k, _)| k) else {
                continue;
            };
            let key = (key.strip_prefix("shift-")).or_else(|| key.strip_prefix("override-"));
            let Some((_, id)) = key.and_then(|k| k.split_once('.')) else {
                continue;
            };
            let name = (r.summary.as_deref()).and_then(|s| s.strip_prefix("On call: "));
            let name = name.map(|n| n.strip_suffix(" (override)").unwrap_or(n));
            let start = (r.start.as_deref())
                .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%SZ").ok());
            if let (Some(name), Some(start)) = (name, start) {
                if names.shares(name, id) {
                    names.holders.insert((start.and_utc(), name), id);
                }
            }
        }
        names
    }

    /// Whether `name` is shared now, `id` one of those who share it.
    fn shares(&self, name: &str, id: &str) -> bool {
        self.shared.contains(&(name, id))
    }

    /// The id of the holder a previous team feed's event from `start` named `name`: the
    /// one engineer of that name, else the one whose personal feed held that event.
    /// None for a name no one has now (a rename, someone who left).
    pub(super) fn holder(&self, name: &str, start: DateTime<Utc>) -> Option<&'a str> {
        match self.unique.get(name) {
            Some(&id) => Some(id),
            None => self.holders.get(&(start, name)).copied(),
        }
    }

    /// The id of the one a previous "Secondary on call" event named `name`, in the
    /// personal feed of `id` (its `UID`'s): the one engineer of that name, else `id` if
    /// it shares the name.
    pub(super) fn secondary(&self, name: &str, id: &'a str) -> Option<&'a str> {
        match self.unique.get(name) {
            Some(&id) => Some(id),
            None => self.shares(name, id).then_some(id),
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
