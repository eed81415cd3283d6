//! How long the feed of an engineer taken off the team is kept, empty.
//!
//! Every personal feed says whose it is (`X-PIPEBOOK-FEED:- feed.<id>@host`), so the
//! build after an engineer leaves knows their feed existed even when it held no event.
//! That build keeps it, empty, until the end of its own published weeks, and writes that
//! day into it (`X-PIPEBOOK-FEED:END feed.<id>@host`), which later builds read back: by
//! then every event a subscriber could still hold from it (no feed reaches past its
//! build's published weeks) has ended, so the app that meets "not found" afterwards
//! shows nothing wrong, and a team that churns through 1,000 engineers keeps each feed
//! for `future_weeks` (52 by default) at most, not for ever. Before, the feed went as
//! soon as the team feed remembered no event of theirs: at once for an engineer who had
//! none (out of the rotation, no backup duty), and subscribers then got an error.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::remember::Hosts;
use crate::diagnostics::Diagnostics;
use crate::model::{Revisions, Site, FEED};

/// Warns, at its line of team.yaml, of a former id (`formerly`) whose feed the previous
/// site published as a former engineer's ("no longer on the team"): its subscribers
/// followed someone who left, and would get this engineer's shifts, under their name,
/// without a word (rev39: a pull request adding `formerly: [de5]` to de4 filled de5's
/// kept feed with 54 of de4's events). A change of id lists the old id in the build that
/// makes it, while the previous feed still names the same engineer: no warning then.
/// Only this site's records count (see `Hosts::hold`), as for [`former`].
pub fn warn_former_taken(
    site: &Site,
    urls: &crate::render::Urls,
    previous: &Revisions,
    diags: &mut Diagnostics,
) {
    let hosts = Hosts::new(site, urls, previous);
    let left: HashSet<&str> = (previous.iter())
        .filter(|(uid, record)| record.end.is_some() && hosts.hold(uid))
        .filter_map(|(uid, _)| match record_key(uid)? {
            ("feed", id) => Some(id),
            _ => None,
        })
        .collect();
    if left.is_empty() {
        return;
    }
    for (i, e) in site.team.engineers.iter().enumerate() {
        for (j, old) in e.formerly.iter().enumerate() {
            if left.contains(old.as_str()) {
                diags.warning(
                    site.sources.team.locate(&format!("engineers[{i}].formerly[{j}]")),
                    format!("former id `{old}` of `{}` is the id of an engineer who left: the site publishes `oncall/{old}.ics` as theirs, no longer on the team, and its subscribers would get `{}`'s shifts", e.id, e.id),
                    format!("remove `{old}` from `formerly`, unless `{}` is the same person and their feed should go on", e.id),
                );
            }
        }
    }
}

/// The kind and engineer id of a record key `<kind>.<id>@host` (`feed.de5@host`, a
/// shift's `shift-3.de5@host`), for a usable id: how the feeds key what is an engineer's.
fn record_key(uid: &str) -> Option<(&str, &str)> {
    let uid = super::uid::Uid::parse(uid)?;
    let id = uid.key.filter(|id| crate::model::is_usable_id(id))?;
    Some((uid.kind, id))
}

/// The engineers no longer on the team (`on_team` false) whose events or feed the
/// previous site held, each with the day its feed goes and the key of the record it
/// carried (kept as read, so that production reads back what a deploy preview wrote of
/// its former engineers), in id order; those whose day is not after `now` are gone. The
/// day is the one their feed carried; `to`, the end of this build's published weeks, for
/// a feed that carried none (they left at this build); else, known by events alone (an
/// older pipebook's feed, or the team feed's memory of their events after their feed
/// went), the last of those events' ends: by then no subscriber holds an event of theirs
/// still to come, and a feed gone at its day does not come back for another year while
/// the team feed still remembers its events. All times are stamps (`20261126T120000Z`),
/// which sort as times do. Only this site's records count (see `Hosts::hold`): a deploy
/// preview's in the build cache name its pull request's engineers, never on production's
/// team.
pub fn former<'a>(
    previous: &'a Revisions,
    hosts: &Hosts,
    on_team: &HashMap<&str, &str>,
    now: &str,
    to: &'a str,
) -> Vec<(&'a str, String, Option<&'a str>)> {
    #[derive(Default)]
    struct Known<'a> {
        /// The latest day a feed record carried (`to` for one that carried none).
        feed: Option<&'a str>,
        key: Option<&'a str>,
        /// The latest end of an event of theirs.
        events: Option<&'a str>,
    }
    let mut known: BTreeMap<&str, Known> = BTreeMap::new();
    for (uid, record) in previous.iter().filter(|(uid, _)| hosts.hold(uid)) {
        let Some((kind, id)) = record_key(uid) else {
            continue;
        };
        if on_team.contains_key(id) {
            continue;
        }
        let k = known.entry(id).or_default();
        let end = record.end.as_deref();
        if kind == "feed" {
            let day = end.unwrap_or(to);
            k.feed = Some(k.feed.map_or(day, |d| d.max(day)));
            if end.is_some() {
                k.key = Some(uid.as_str());
            }
        } else if let Some(end) = end {
            k.events = Some(k.events.map_or(end, |d| d.max(end)));
        }
    }
    known
        .into_iter()
        .filter_map(|(id, k)| Some((id, k.feed.or(k.events)?.to_string(), k.key)))
        .filter(|(_, day, _)| day.as_str() > now)
        .collect()
}

impl super::Feeds<'_> {
    /// The feed of `id`, no longer on the team: no event (apps drop the shifts they
    /// showed), a name and description that say why, for whoever looks at it, and the
    /// day it goes (`until`) under the key it was read with, if any (see `former`).
    pub(super) fn former(&self, id: &str, until: &str, key: Option<&str>) -> String {
        let title = &self.site.config.title;
        let schedule = self.urls.absolute("oncall/");
        let mut cal = self.calendar(
            &format!("{title}: {id} on call (no longer on the team)"),
            &format!("{id} is no longer on the team of {title}: this calendar stays empty. Who is on call: {schedule}"),
        );
        let key = key.map_or_else(|| self.feed_key(id), str::to_string);
        cal.raw(FEED, &format!("{until} {key}"));
        cal.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Revision;

    fn record(end: Option<&str>) -> Revision {
        Revision {
            end: end.map(str::to_string),
            ..Revision::default()
        }
    }

    #[test]
    fn record_keys_name_an_engineer_by_a_usable_id() {
        assert_eq!(record_key("feed.de5@prod"), Some(("feed", "de5")));
        assert_eq!(record_key("shift-3.de5@prod"), Some(("shift-3", "de5")));
        for uid in [
            "feed.de5",
            "de5@prod",
            "feed.DE 5@prod",
            "feed.@prod",
            "*@prod",
        ] {
            assert_eq!(record_key(uid), None, "{uid}");
        }
    }

    #[test]
    fn a_former_engineer_s_feed_is_kept_until_the_day_it_carries() {
        let mut previous = Revisions::new();
        let now = "20270101T000000Z";
        let to = "20280101T000000Z";
        // Left at this build, without an event: kept until `to`.
        previous.insert("feed.de5@prod".into(), record(None));
        // Left before: kept until the day carried, then gone.
        previous.insert("feed.de6@prod".into(), record(Some("20270601T000000Z")));
        previous.insert("feed.de7@prod".into(), record(Some("20261201T000000Z")));
        // Still on the team; and a preview's engineer.
        previous.insert("feed.de1@prod".into(), record(None));
        previous.insert("feed.de9@preview".into(), record(None));
        // Known by events alone (an older pipebook's feed, or the team feed's memory
        // after the feed went): kept until the last of them ends.
        previous.insert("shift-3.de8@prod".into(), record(Some("20270301T000000Z")));
        previous.insert("shift-4.de8@prod".into(), record(Some("20270201T000000Z")));
        previous.insert("shift-5.de4@prod".into(), record(Some(now)));
        let hosts = Hosts {
            own: "prod".into(),
            home: "prod".into(),
            home_uids: "prod".into(),
            uids: "prod".into(),
        };
        let team: HashMap<&str, &str> = [("de1", "Ana")].into();
        assert_eq!(
            former(&previous, &hosts, &team, now, to),
            vec![
                ("de5", to.to_string(), None),
                ("de6", "20270601T000000Z".to_string(), Some("feed.de6@prod")),
                ("de8", "20270301T000000Z".to_string(), None),
            ]
        );
    }
}
