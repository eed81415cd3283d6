//! What the team feed remembers of events no feed of this build holds (see the module
//! notes of `feeds`): this site's own, retired, and, in a deploy preview's or branch
//! deploy's build, the production site's records whole.
//!
//! Netlify's build cache is one per site: a preview builds into the `public/` that
//! production left and production's next build reads what the preview wrote. Records of
//! other hosts were remembered before as retired, so production's next build took each
//! of its own events back one `SEQUENCE` higher with a new `DTSTAMP` (all 236 of the
//! example's after every preview), and remembered each preview's events in turn (236
//! more `X-PIPEBOOK-RETIRED` lines, 25 kB, per preview until they ended). Now a preview
//! keeps production's records as they were (`X-PIPEBOOK-KEPT`), production reads them
//! back as its own, and records of any other host are forgotten.

use std::collections::HashSet;

use super::escape::escape_text_into;
use super::ics::{is_stamp, Calendar};
use crate::model::{Revision, Revisions, KEPT, KEPT_DUTIES, KEPT_TURN, RETIRED};

/// The hosts a build's memory is about: its own (the base URL it is built for), its home
/// (`site.yaml`'s base URL: production's, which a preview's differs from), and the host
/// of production's `UID`s, which a domain move does not change.
pub struct Hosts {
    pub own: String,
    pub home: String,
    /// The host production's `UID`s are under: site.yaml's `uid_base_url`'s, else the
    /// one the previous team feed says (`X-PIPEBOOK-UIDS`), else the home's. A domain
    /// move (`base_url` changed) put every event under a new `UID` before, so each
    /// subscriber's app deleted and added again all of them (236 in the example),
    /// reminders included; without the previous feeds (a cleared build cache, or an
    /// older pipebook's that did not say) it still does, unless `uid_base_url` says.
    pub home_uids: String,
    /// The host of this build's `UID`s: `home_uids` in production's build (its base URL
    /// is site.yaml's), its own in a preview's (whose events are not production's).
    pub uids: String,
}

impl Hosts {
    /// The hosts of a build for `urls` (its base URL) of `site`, over the `previous`
    /// site's records.
    pub fn new(
        site: &crate::model::Site,
        urls: &crate::render::Urls,
        previous: &Revisions,
    ) -> Hosts {
        let own = urls.host.clone();
        let home = crate::render::Urls::new(&site.config.base_url).host;
        let said = previous
            .keys()
            .filter_map(|k| k.strip_prefix("uids@"))
            .min();
        let configured =
            (site.config.uid_base_url.as_deref()).map(|url| crate::render::Urls::new(url).host);
        let home_uids = configured
            .or_else(|| said.map(str::to_string))
            .unwrap_or_else(|| home.clone());
        let uids = if own == home {
            home_uids.clone()
        } else {
            own.clone()
        };
        Hosts {
            own,
            home,
            home_uids,
            uids,
        }
    }

    /// Whether the event `uid` is this site's: of its own host, its home's or that of
    /// production's `UID`s. The build cache may hold a deploy preview's feeds (another
    /// content, another host), which production's build must not take for what it
    /// published.
    pub fn hold(&self, uid: &str) -> bool {
        uid.rsplit_once('@')
            .is_some_and(|(_, h)| h == self.own || h == self.home || h == self.home_uids)
    }
}

impl Hosts {
    /// The records of `previous` that say what production published, for a build to
    /// compare its served shifts and past duties with: those under production's `UID`
    /// host when there are any (a deploy preview's team feed keeps them whole,
    /// `X-PIPEBOOK-KEPT`), else every one of this site's ([`Hosts::hold`]). A preview
    /// built over an earlier preview of its pull request (one build cache) compared
    /// with that one's events before, already edited, and warned of nothing the pull
    /// request rewrote.
    pub fn published<'a>(&self, previous: &'a Revisions) -> Vec<(&'a String, &'a Revision)> {
        let home = |uid: &str| {
            uid.rsplit_once('@')
                .is_some_and(|(_, h)| h == self.home_uids)
        };
        let any = previous.keys().any(|uid| home(uid));
        (previous.iter())
            .filter(|(uid, _)| match any {
                true => home(uid),
                false => self.hold(uid),
            })
            .collect()
    }
}

/// The `UID` of the one retired record that stands for every event of `host` dropped
/// beyond the horizon (see [`remember`]); no event has it.
pub fn floor_uid(host: &str) -> String {
    format!("*@{host}")
}

/// The lowest `SEQUENCE` of an event this build has no record of, given the floor of
/// its clock: above the retired floor of the previous feeds (see [`remember`]), which
/// stands only for events without a record of their own (a build whose clock went back
/// raised every event it changed to it).
pub fn new_event_floor(previous: &Revisions, hosts: &Hosts, floor: u32) -> u32 {
    let retired = previous.get(&floor_uid(&hosts.uids));
    floor.max(retired.map_or(0, |r| r.sequence.saturating_add(1)))
}

/// Writes into the team feed `team`, before its events, the records of `previous` that
/// no feed wrote (not in `written`) and that end after `from` (the horizon's start): as
/// `X-PIPEBOOK-RETIRED:SEQUENCE END UID` those of this site's host that end within the
/// horizon (by `to`), and one `*@host` record for the rest (see [`floor_uid`]): lowering
/// `future_weeks` from 520 to 239 left 7,000 lines (the team feed 1.48 MB, over Google's
/// 1 MB) for events that cannot come back before a later build; and, when this
/// build is not for its home host, as `X-PIPEBOOK-KEPT:SEQUENCE END LAST-MODIFIED
/// FINGERPRINT UID,DTSTART,SUMMARY` those of the home host (`-` for a part a record
/// lacks; no `,DTSTART,SUMMARY` for a record without both, as before they were kept);
/// each kind in UID order, a kept shift's holiday turn after it as
/// `X-PIPEBOOK-KEPT-TURN:UID,NAMES`. The start and summary follow as a TEXT list (bare commas,
/// each item escaped), so a summary's spaces and commas cannot be taken for the record's.
pub fn remember(
    team: &mut String,
    previous: &Revisions,
    written: &HashSet<String>,
    (from, to): (&str, &str),
    hosts: &Hosts,
) {
    let of = |uid: &str, host: &str| uid.rsplit_once('@').is_some_and(|(_, h)| h == host);
    let mut ended: Vec<_> = previous
        .iter()
        .filter(|(uid, _)| !written.contains(*uid))
        // A personal feed's record of itself is said by that feed (see `former`).
        .filter(|(uid, _)| !uid.starts_with("feed."))
        .filter_map(|(uid, r)| Some((uid, r, r.end.as_deref()?)))
        .filter(|(_, _, end)| is_stamp(end) && *end > from)
        .collect();
    if ended.is_empty() {
        return;
    }
    ended.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut lines = Calendar { out: String::new() };
    let floor_uid = floor_uid(&hosts.uids);
    // Beyond the horizon (and the floor read back) one record: the highest SEQUENCE and
    // the last end. Such an event can come back only at a later build, whose clock's
    // floor is above its SEQUENCE but for changes made at one clock, which this covers.
    let mut floor: Option<(u32, &str)> = None;
    for (uid, r, end) in &ended {
        if of(uid, &hosts.uids) && (*end > to || **uid == floor_uid) {
            let (sequence, last) = floor.get_or_insert((r.sequence, end));
            *sequence = (*sequence).max(r.sequence);
            *last = (*last).max(end);
        }
    }
    for (uid, r, end) in &ended {
        if of(uid, &hosts.uids) && !(*end > to || **uid == floor_uid) {
            lines.text(RETIRED, &format!("{} {end} {uid}", r.sequence));
        }
    }
    if let Some((sequence, end)) = floor {
        lines.text(RETIRED, &format!("{sequence} {end} {floor_uid}"));
    }
    let home = |uid: &str| of(uid, &hosts.home) || of(uid, &hosts.home_uids);
    for (uid, r, end) in &ended {
        if hosts.uids != hosts.home_uids && !of(uid, &hosts.uids) && home(uid) {
            let modified = r.last_modified.as_deref().filter(|t| is_stamp(t));
            let fingerprint = Some(r.fingerprint.as_str()).filter(|f| is_fingerprint(f));
            let record = format!(
                "{} {end} {} {} {uid}",
                r.sequence,
                modified.unwrap_or("-"),
                fingerprint.unwrap_or("-")
            );
            let mut value = String::with_capacity(record.len() + 64);
            escape_text_into(&mut value, &record);
            // Production's served-shift check needs each shift's start and holder.
            let start = r.start.as_deref().filter(|t| is_stamp(t));
            if let (Some(start), Some(summary)) = (start, r.summary.as_deref()) {
                value.push(',');
                value.push_str(start);
                value.push(',');
                escape_text_into(&mut value, summary);
            }
            lines.raw(KEPT, &value);
            // And the holidays a shift was the turn for, which production's check names.
            if let Some(turn_for) = r.turn_for.as_deref().filter(|_| start.is_some()) {
                let mut value = String::with_capacity(uid.len() + turn_for.len() + 8);
                escape_text_into(&mut value, uid);
                value.push(',');
                escape_text_into(&mut value, turn_for);
                lines.raw(KEPT_TURN, &value);
            }
            // And an event of many duties' record of them, which production's build
            // compares (see `feeds::groups`).
            if let Some(duties) = r.duties.as_deref() {
                let mut value = String::with_capacity(uid.len() + duties.len() + 8);
                escape_text_into(&mut value, uid);
                value.push(',');
                escape_text_into(&mut value, duties);
                lines.raw(KEPT_DUTIES, &value);
            }
        }
    }
    // Before the first event, or before the end of a calendar without one.
    let at = (team.find("BEGIN:VEVENT\r\n"))
        .or_else(|| team.rfind("END:VCALENDAR\r\n"))
        .unwrap_or(team.len());
    team.insert_str(at, &lines.out);
}

/// Whether `s` is a fingerprint as `feeds` writes them: two 16-digit hex hashes and a
/// `-` between (a space would break the record it is kept in).
pub fn is_fingerprint(s: &str) -> bool {
    s.len() == 33
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 16 {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Revision;

    fn record(sequence: u32, fingerprint: &str, end: &str) -> Revision {
        Revision {
            sequence,
            last_modified: Some("20261126T120000Z".into()),
            fingerprint: fingerprint.into(),
            end: Some(end.into()),
            ..Revision::default()
        }
    }

    const FP: &str = "0123456789abcdef-fedcba9876543210";

    #[test]
    fn a_preview_keeps_production_s_records_whole_and_forgets_other_hosts() {
        let mut previous = Revisions::new();
        previous.insert("shift-1@prod".into(), record(5, FP, "20270101T000000Z"));
        let mut served = record(6, "", "20270101T000000Z");
        served.start = Some("20261225T000000Z".into());
        served.summary = Some("On call: Ana, the \\; one".into());
        previous.insert("shift-2@prod".into(), served);
        previous.insert("shift-3@prod".into(), record(7, FP, "20200101T000000Z"));
        previous.insert(
            "shift-1@preview-7".into(),
            record(1, FP, "20270101T000000Z"),
        );
        previous.insert(
            "shift-1@preview-8".into(),
            record(2, FP, "20270101T000000Z"),
        );
        previous.insert(
            "shift-4@preview-8".into(),
            record(3, FP, "20270101T000000Z"),
        );
        let written: HashSet<String> = ["shift-4@preview-8".to_string()].into();
        let from = "20261101T000000Z";
        let mut team = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_string();
        let preview = Hosts {
            own: "preview-8".into(),
            home: "prod".into(),
            home_uids: "prod".into(),
            uids: "preview-8".into(),
        };
        remember(
            &mut team,
            &previous,
            &written,
            (from, "20300101T000000Z"),
            &preview,
        );
        // (Unfolded: the lines are folded at 75 octets.)
        assert_eq!(
            team.replace("\r\n ", ""),
            "BEGIN:VCALENDAR\r\n\
             X-PIPEBOOK-RETIRED:2 20270101T000000Z shift-1@preview-8\r\n\
             X-PIPEBOOK-KEPT:5 20270101T000000Z 20261126T120000Z \
             0123456789abcdef-fedcba9876543210 shift-1@prod\r\n\
             X-PIPEBOOK-KEPT:6 20270101T000000Z 20261126T120000Z - shift-2@prod,\
             20261225T000000Z,On call: Ana\\, the \\\\\\; one\r\n\
             END:VCALENDAR\r\n"
        );
        // Production remembers its own alone.
        let mut team = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_string();
        let production = Hosts {
            own: "prod".into(),
            home: "prod".into(),
            home_uids: "prod".into(),
            uids: "prod".into(),
        };
        remember(
            &mut team,
            &previous,
            &written,
            (from, "20300101T000000Z"),
            &production,
        );
        assert_eq!(
            team,
            "BEGIN:VCALENDAR\r\n\
             X-PIPEBOOK-RETIRED:5 20270101T000000Z shift-1@prod\r\n\
             X-PIPEBOOK-RETIRED:6 20270101T000000Z shift-2@prod\r\n\
             END:VCALENDAR\r\n"
        );
    }

    #[test]
    fn events_beyond_the_horizon_share_one_floor_record() {
        let mut previous = Revisions::new();
        let from = "20261101T000000Z";
        let to = "20271101T000000Z";
        previous.insert("shift-1@prod".into(), record(5, FP, "20270101T000000Z"));
        previous.insert("shift-2@prod".into(), record(9, FP, "20300101T000000Z"));
        previous.insert("shift-3@prod".into(), record(4, FP, "20310101T000000Z"));
        // A floor an earlier build wrote, ending within the horizon, is folded in.
        previous.insert("*@prod".into(), record(7, "", "20270601T000000Z"));
        previous.insert("shift-4@other".into(), record(99, FP, "20310101T000000Z"));
        let hosts = Hosts {
            own: "prod".into(),
            home: "prod".into(),
            home_uids: "prod".into(),
            uids: "prod".into(),
        };
        let mut team = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_string();
        remember(&mut team, &previous, &HashSet::new(), (from, to), &hosts);
        assert_eq!(
            team,
            "BEGIN:VCALENDAR\r\n\
             X-PIPEBOOK-RETIRED:5 20270101T000000Z shift-1@prod\r\n\
             X-PIPEBOOK-RETIRED:9 20310101T000000Z *@prod\r\n\
             END:VCALENDAR\r\n"
        );
        // An event without a record of its own starts above that floor.
        assert_eq!(new_event_floor(&previous, &hosts, 3), 8);
        assert_eq!(new_event_floor(&previous, &hosts, 100), 100);
        assert_eq!(new_event_floor(&Revisions::new(), &hosts, 3), 3);
    }

    #[test]
    fn fingerprints_are_recognised() {
        assert!(is_fingerprint(FP));
        for s in [
            "",
            "-",
            "x",
            &FP.replace('-', "0"),
            &format!("{FP}0"),
            &FP.replace('a', " "),
        ] {
            assert!(!is_fingerprint(s), "{s:?}");
        }
    }
}
