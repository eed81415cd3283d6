//! Calendar feeds (RFC 5545) and `oncall.json`, from the resolved schedule.
//!
//! Feeds are written strictly: CRLF line ends, lines folded at 75 octets without splitting
//! a UTF-8 character, TEXT values escaped, every time in UTC (so no `VTIMEZONE` is needed),
//! and `UID` and `DTSTAMP` on every event. TEXT values are escaped as the `ics` crate's
//! `escape_text` escapes them (a unit test holds the two together; ours is faster, see
//! `escape_text_into`); folding is our own, because `ics` lets continuation lines reach
//! 76 octets with their leading space.
//!
//! A shift's `UID` names its slot, not its holder or dates, so a client that refreshes the
//! feed after a swap updates the event instead of adding a second one. An event's text
//! depends only on its own shift or duty, never on the horizon, so weekly rebuilds leave
//! it byte for byte alone; `SEQUENCE` rises when who or when changes, to the build's
//! clock at least, so that a build without the previous site lowers none (see
//! `revision`); `LAST-MODIFIED` and `DTSTAMP` when its text does (see `load::previous`).
//!
//! An event the previous feeds held and these do not (an override removed, the shift it
//! had replaced) is remembered in the team feed, as `X-PIPEBOOK-RETIRED:SEQUENCE END UID`
//! (a calendar property, which clients ignore), for as long as it could come back (it
//! ends after the horizon's start): when it does, its `SEQUENCE` is one above the last a
//! subscriber saw (even if the build's clock is behind), which a client that kept the
//! event would otherwise ignore. Events that end after the horizon share one record, a
//! floor under every event without one (see `remember`). Only this site's events are
//! remembered so, and a deploy preview's build keeps production's records whole.

use std::collections::HashSet;
use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::model::{Revisions, Site, DUTIES, FEED, UIDS};
use crate::render::Urls;
use crate::schedule::wording::{named_on, quoted};
use crate::schedule::{local_datetime, Backup, Schedule, Segment};
use crate::write::OutputFile;

mod backups;
mod duties;
mod escape;
mod former;
mod groups;
mod ics;
mod index;
mod json;
mod remember;
mod revision;
mod served;
mod served_holidays;
mod served_names;
mod served_overrides;
mod served_secondaries;
mod size;
mod uid;
mod uid_host;
pub use duties::warn_duties_rewritten;
pub use former::warn_former_taken;
use ics::{stamp, Calendar};
use index::{group_key, noons, BackupIndex};
pub use served::warn_rewritten;
pub use size::{oversized, warn_oversized, Oversized};
pub use uid_host::warn_uid_host_changed;

/// Half-open UTC interval.
type Span = (DateTime<Utc>, DateTime<Utc>);

/// At most this many backups are named in one event's text: a holiday of 2,000 pipelines
/// named them all in each shift (a few hundred kB of YAML wrote gigabytes of feeds). The
/// rest are counted (the schedule page counts them too, past as many; each pipeline's page
/// lists its own). Also the most duties of one engineer
/// on the same days for the same reason that a personal feed writes one event each; more
/// make one event for them all.
const LISTED: usize = 10;

/// The team feed, one feed per engineer with shifts or backup duties, and `oncall.json`.
/// `previous` holds the revisions of the events the site had before this build.
pub fn build(
    site: &Site,
    schedule: &Schedule,
    urls: &Urls,
    previous: &Revisions,
) -> Vec<OutputFile> {
    let mut pipelines = std::collections::HashMap::new();
    for p in &site.pipelines.pipelines {
        pipelines.entry(p.id.as_str()).or_insert(p.name.as_str());
    }
    let mut engineers = std::collections::HashMap::new();
    let mut keys = std::collections::HashMap::new();
    for e in &site.team.engineers {
        engineers.entry(e.id.as_str()).or_insert(e.name.as_str());
        if let Some(first) = e.formerly.first() {
            keys.entry(e.id.as_str()).or_insert(first.as_str());
        }
    }
    let hosts = remember::Hosts::new(site, urls, previous);
    let floor = revision::floor(schedule.now);
    let feeds = Feeds {
        engineers,
        keys,
        site,
        schedule,
        urls,
        previous,
        pipelines,
        written: Mutex::new(HashSet::new()),
        floor: (floor, remember::new_event_floor(previous, &hosts, floor)),
        hosts,
        now: stamp(schedule.now),
        index: BackupIndex::new(&schedule.backups, site.oncall.holidays.len()),
        noons: noons(site, schedule),
    };
    // Each file on its own, on the cores rendering leaves free: the engineers' feeds each
    // scan the whole schedule, 0.4 s on one core for the team of 100,000 runbooks.
    // Without a shift (a rotation that starts after the published weeks) there is no feed,
    // unless the site replaced had events: its feeds stay, empty, as a former engineer's
    // do, so that apps drop what they showed rather than keep it at "not found".
    let publish = !schedule.segments.is_empty() || !previous.is_empty();
    let (json, team) = rayon::join(|| feeds.json(), || publish.then(|| feeds.team()));
    let mut files = vec![OutputFile {
        path: "oncall.json".into(),
        bytes: json,
    }];
    let Some(mut team) = team else {
        return files;
    };
    // Every engineer's, those without a duty in the published weeks too: a feed that
    // went missing (someone taken out of the rotation) is an error to calendar apps,
    // which then keep showing the shifts they last read; an empty one clears them.
    // At their former ids' addresses too (`formerly`), for the subscribers of those.
    let addresses: Vec<(&str, &str, &str)> = (site.team.engineers.iter())
        .flat_map(|e| {
            let formerly = e.formerly.iter().map(String::as_str);
            std::iter::once(e.id.as_str())
                .chain(formerly)
                .map(|file| (file, e.id.as_str(), e.name.as_str()))
        })
        .collect();
    let engineers: Vec<OutputFile> = addresses
        .par_iter()
        .map(|&(file, id, name)| OutputFile {
            path: format!("oncall/{file}.ics"),
            bytes: feeds.engineer(id, name, file).into_bytes(),
        })
        .collect();
    let to = stamp(schedule.to);
    let on_team: std::collections::HashMap<&str, &str> = addresses
        .iter()
        .map(|&(file, _, name)| (file, name))
        .collect();
    let former: Vec<OutputFile> = former::former(previous, &feeds.hosts, &on_team, &feeds.now, &to)
        .into_iter()
        .map(|(id, until, key)| OutputFile {
            path: format!("oncall/{id}.ics"),
            bytes: feeds.former(id, &until, key).into_bytes(),
        })
        .collect();
    feeds.remember_retired(&mut team);
    files.push(OutputFile {
        path: "oncall.ics".into(),
        bytes: team.into_bytes(),
    });
    files.extend(engineers);
    files.extend(former);
    files
}

struct Feeds<'a> {
    site: &'a Site,
    schedule: &'a Schedule,
    urls: &'a Urls,
    previous: &'a Revisions,
    /// Pipeline names by id: a backup names its pipeline, and a scan of every pipeline
    /// per backup took a second for 4,000 pipelines.
    pipelines: std::collections::HashMap<&'a str, &'a str>,
    /// Engineer names by id, for the same reason: every event names who holds it.
    engineers: std::collections::HashMap<&'a str, &'a str>,
    /// The first former id of each engineer who has one (`formerly`), by id: their
    /// events' UIDs and `SEQUENCE` keys name it (see [`Feeds::key_id`]).
    keys: std::collections::HashMap<&'a str, &'a str>,
    /// The UIDs of the events written, by every feed (built on several threads).
    written: Mutex<HashSet<String>>,
    /// The hosts whose events are this site's: its own and `site.yaml`'s (production's,
    /// which a preview's differs from).
    hosts: remember::Hosts,
    /// The build's time as [`stamp`] writes it, once rather than per event.
    now: String,
    /// The lowest `SEQUENCE` of an event this build changes, and of one it has no record
    /// of (above the retired floor as well: see `remember`).
    floor: (u32, u32),
    /// The backups by holiday and by day, for the shifts' texts.
    index: BackupIndex,
    /// Each holiday's noon (when it belongs to whoever is on call) and index, in time
    /// order: an override's text names the holidays it covers.
    noons: Vec<(DateTime<Utc>, usize)>,
}

impl Feeds<'_> {
    /// Writes into the team feed `team` what it remembers: see [`remember`].
    fn remember_retired(&self, team: &mut String) {
        let written = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        let (from, to) = (stamp(self.schedule.from), stamp(self.schedule.to));
        remember::remember(team, self.previous, &written, (&from, &to), &self.hosts);
    }

    /// The key of `id`'s feed record (see [`FEED`]): under this build's UID host, or, in
    /// a deploy preview's build, production's record as it was read. Production does not
    /// take a preview's host for its own, so before, once a preview had rewritten the
    /// feed, production's next build knew nothing of it and dropped it at once when it
    /// took its engineer off the team without an event (subscribers got "not found").
    fn feed_key(&self, id: &str) -> String {
        let home = format!("feed.{id}@{}", self.hosts.home_uids);
        if self.hosts.uids == self.hosts.home_uids || self.previous.contains_key(&home) {
            home
        } else {
            format!("feed.{id}@{}", self.hosts.uids)
        }
    }

    /// Engineer `id`'s name as the feeds' texts show it: isolated when it reads right to
    /// left (see [`escape::isolated`]).
    fn name(&self, id: &str) -> String {
        escape::isolated(self.raw_name(id)).into_owned()
    }

    fn raw_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.engineers.get(id).copied().unwrap_or(id)
    }

    /// Who, for an event's `SEQUENCE`: the id (see [`Self::key_id`]) and the name shown
    /// (a rename is news too), `id=name`. Keys join these with `/`, and an id holds
    /// neither `=` nor `/`, so a name's `\\`, `/` and `=` are escaped with `\\`: before,
    /// `de1=A/de2=B/de3=C` was both de1 "A" with de2 "B/de3=C" as secondary and de1
    /// "A/de2=B" with de3 "C", and the edit from one to the other kept its `SEQUENCE`
    /// (`tests/cal44.rs`). A name without them keeps its key, so no event churns.
    fn who(&self, id: &str) -> String {
        let name = self.raw_name(id);
        let mut who = String::with_capacity(id.len() + name.len() + 1);
        who.push_str(self.key_id(id));
        who.push('=');
        for c in name.chars() {
            if matches!(c, '\\' | '/' | '=') {
                who.push('\\');
            }
            who.push(c);
        }
        who
    }

    /// The id that names engineer `id` in events' UIDs and keys: their first former id,
    /// if they list one (`formerly`), else `id`. A change of id (`de3` to `dana`) gave
    /// before every event of theirs a new UID in their feed and a new `SEQUENCE` in the
    /// team feed (27 of the example's 57, texts unchanged; these now keep theirs, as
    /// [`revision`] keeps any event whose text is unchanged).
    fn key_id<'s>(&'s self, id: &'s str) -> &'s str {
        self.keys.get(id).copied().unwrap_or(id)
    }

    fn pipeline_name(&self, id: &str) -> String {
        escape::isolated(self.pipelines.get(id).copied().unwrap_or(id)).into_owned()
    }

    fn local(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.schedule.tz)
            .format("%a %-d %b %Y %H:%M %Z")
            .to_string()
    }

    fn calendar(&self, name: &str, description: &str) -> Calendar {
        let mut cal = Calendar { out: String::new() };
        cal.raw("BEGIN", "VCALENDAR");
        cal.raw("VERSION", "2.0");
        cal.raw(
            "PRODID",
            concat!("-//pipebook//pipebook ", env!("CARGO_PKG_VERSION"), "//EN"),
        );
        cal.raw("CALSCALE", "GREGORIAN");
        cal.raw("METHOD", "PUBLISH");
        // Read alike by every parser only without escapes (see `Calendar::label`).
        cal.label("X-WR-CALNAME", name);
        cal.label("NAME", name);
        cal.label("X-WR-CALDESC", description);
        cal.text("DESCRIPTION", description);
        // Clients poll at most this often; a swap shows up within hours, not days.
        cal.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT6H");
        cal.raw("X-PUBLISHED-TTL", "PT6H");
        cal
    }

    fn team(&self) -> String {
        let title = &self.site.config.title;
        let mut cal = self.calendar(
            &format!("{title}: on call"),
            &format!("Who is on call for {title}."),
        );
        // Production's UID host, which a domain move keeps. A preview passes on the one
        // production's feed said, not its own `uid_base_url`: the pull request's, which
        // production's next build (same build cache) took for its own before, putting
        // every subscriber's event under a new UID, merged or not.
        let said = uid_host::said(self.previous);
        let production = self.hosts.own == self.hosts.home;
        let host = if production {
            Some(self.hosts.home_uids.as_str())
        } else {
            said
        };
        if let Some(host) = host {
            cal.raw(UIDS, host);
        }
        for seg in &self.schedule.segments {
            self.segment_event(&mut cal, seg, "", None);
        }
        cal.finish()
    }

    /// Engineer `id`'s feed, at `oncall/<file>.ics` (their id's, or a former id's); one
    /// without a duty holds no event (RFC 5545's grammar asks for a component, but the
    /// parsers and apps we know read such a calendar as empty, which is what it is).
    fn engineer(&self, id: &str, name: &str, file: &str) -> String {
        let duty = self.schedule.duty(id);
        let segments = &self.schedule.segments;
        let primary = duty.primary.iter().map(|&i| &segments[i]);
        let secondary = duty.secondary.iter().map(|&i| &segments[i]);
        let backups: Vec<&Backup> = duty
            .backups
            .iter()
            .map(|&i| &self.schedule.backups[i])
            .collect();
        let title = &self.site.config.title;
        let name = escape::isolated(name);
        let mut cal = self.calendar(
            &format!("{title}: {name} on call"),
            &format!("When {name} is on call (or second on call) or a backup for {title}."),
        );
        cal.raw(FEED, &format!("- {}", self.feed_key(file)));
        let hours = self.site.oncall.reminder_hours;
        for seg in primary {
            // Every stretch on call, an override's too, is reminded of: deciding by the
            // neighbouring segment would make the event depend on the horizon.
            let alarm = (hours > 0).then(|| {
                format!(
                    "{} is on call for {title} from {}.",
                    self.name(id),
                    self.local(self.span(seg).0)
                )
            });
            let suffix = format!(".{}", self.key_id(id));
            self.segment_event(&mut cal, seg, &suffix, alarm.as_deref());
        }
        for seg in secondary {
            self.secondary_event(&mut cal, seg, id);
        }
        // Duties on the same days for the same reason (a holiday, an absence): each its own
        // event, or one for them all when there are more than `LISTED`. A feed then holds
        // an event per holiday and per absence, not per pipeline as well.
        let mut groups: std::collections::HashMap<_, Vec<&Backup>> =
            std::collections::HashMap::new();
        for &b in &backups {
            groups.entry(group_key(b)).or_default().push(b);
        }
        for &b in &backups {
            match groups.get(&group_key(b)) {
                Some(group) if group.len() > LISTED => {
                    if std::ptr::eq(group[0], b) {
                        self.backups_event(&mut cal, group);
                    }
                }
                _ => self.backup_event(&mut cal, b),
            }
        }
        cal.finish()
    }

    /// A personal feed's "Secondary on call" event for a segment.
    fn secondary_event(&self, cal: &mut Calendar, seg: &Segment, id: &str) {
        let who = self.name(id);
        let primary = self.name(&seg.engineer);
        let (start, end) = self.span(seg);
        let mut body = Calendar { out: String::new() };
        body.raw("DTSTART", &stamp(start));
        body.raw("DTEND", &stamp(end));
        let summary = format!("Secondary on call: {who}");
        body.text("SUMMARY", &summary);
        body.text(
            "DESCRIPTION",
            &format!(
                "{who} is second on call for {} from {} to {}: paged when {primary}, on call, does not answer.\nSchedule: {}",
                self.site.config.title,
                self.local(start),
                self.local(end),
                self.urls.absolute("oncall/")
            ),
        );
        body.raw("URL", &self.urls.absolute("oncall/"));
        body.raw("TRANSP", "TRANSPARENT");
        let key = format!(
            "{}/{}/{}/{}",
            stamp(start),
            stamp(end),
            self.who(&seg.engineer),
            self.who(id)
        );
        let uid = self.uid(seg, &format!(".secondary.{}", self.key_id(id)));
        self.event(cal, &uid, (&key, &summary), body, None, None);
    }

    /// The UID of a segment: its slot, or the override it is, or where it resumes.
    fn uid(&self, seg: &Segment, suffix: &str) -> String {
        let host = &self.hosts.uids;
        let slot_start = self.schedule.shift(seg.slot).map(|s| s.start);
        if let Some(i) = seg.override_index {
            // The override's own start, not the segment's: a segment may be cut by the
            // horizon, the override is not.
            let o = &self.site.oncall.overrides[i];
            let at = crate::schedule::local_datetime(self.schedule.tz, o.from);
            format!("override-{}{suffix}@{host}", stamp(at))
        } else if slot_start == Some(seg.start) || self.first_own_piece(seg) {
            format!("shift-{}{suffix}@{host}", seg.slot)
        } else {
            format!("shift-{}-{}{suffix}@{host}", seg.slot, stamp(seg.start))
        }
    }

    /// Whether `seg`, not an override, is the first piece of its shift that an override
    /// leaves: it takes the shift's `UID`, so that an override at the very start of a
    /// shift edits the shift's event rather than replacing it. Walks back over the
    /// overrides just before it, each of which is before one piece only.
    fn first_own_piece(&self, seg: &Segment) -> bool {
        let segments = &self.schedule.segments;
        let i = segments.partition_point(|s| s.start < seg.start);
        segments[..i]
            .iter()
            .rev()
            .find(|s| s.override_index.is_none())
            .is_none_or(|s| s.slot != seg.slot)
    }

    /// A shift (or the part of it an override leaves, or an override); with a reminder
    /// saying `alarm` when given.
    fn segment_event(&self, cal: &mut Calendar, seg: &Segment, suffix: &str, alarm: Option<&str>) {
        let who = self.name(&seg.engineer);
        let (start, end) = self.span(seg);
        let mut lines = vec![format!(
            "{who} is on call for {} from {} to {}.",
            self.site.config.title,
            self.local(start),
            self.local(end)
        )];
        match seg.override_index {
            Some(i) => self.override_lines(&mut lines, &who, i, (start, end)),
            None => self.shift_lines(&mut lines, seg),
        }
        if let Some(second) = &seg.secondary {
            lines.push(format!(
                "Secondary on call: {} (paged when {who} does not answer).",
                self.name(second)
            ));
        }
        lines.push(format!("Schedule: {}", self.urls.absolute("oncall/")));

        let summary = if seg.override_index.is_some() {
            format!("On call: {who} (override)")
        } else {
            format!("On call: {who}")
        };
        let mut body = Calendar { out: String::new() };
        body.raw("DTSTART", &stamp(start));
        body.raw("DTEND", &stamp(end));
        body.text("SUMMARY", &summary);
        body.text("DESCRIPTION", &lines.join("\n"));
        body.raw("URL", &self.urls.absolute("oncall/"));
        // A week on call is not a week of meetings: do not show as busy.
        body.raw("TRANSP", "TRANSPARENT");
        let alarm = alarm.map(|text| {
            let mut a = Calendar { out: String::new() };
            a.raw("BEGIN", "VALARM");
            a.raw("ACTION", "DISPLAY");
            a.text("DESCRIPTION", text);
            a.raw(
                "TRIGGER",
                &format!("-PT{}H", self.site.oncall.reminder_hours),
            );
            a.raw("END", "VALARM");
            a
        });
        let key = format!(
            "{}/{}/{}/{}",
            stamp(start),
            stamp(end),
            self.who(&seg.engineer),
            seg.secondary
                .as_deref()
                .map_or_else(String::new, |s| self.who(s))
        );
        self.event(
            cal,
            &self.uid(seg, suffix),
            (&key, &summary),
            body,
            alarm,
            None,
        );
    }

    /// A shift's lines (or those of the part of it an override leaves): its change, its
    /// holidays with their backups, and the backups of primary owners away during it.
    fn shift_lines(&self, lines: &mut Vec<String>, seg: &Segment) {
        let shift = self.schedule.shift(seg.slot);
        if shift.is_some_and(|s| s.start != seg.start || s.end != seg.end) {
            lines.push("Part of this shift is covered by an override.".to_string());
        }
        if let Some(change) = shift.and_then(|s| s.change.as_ref()) {
            lines.push(format!(
                "{}.",
                self.schedule.describe(change, &|id| self.name(id))
            ));
        }
        if let Some(shift) = shift {
            for &i in &shift.holidays {
                let h = &self.site.oncall.holidays[i];
                let all = self.index.by_holiday.get(i).map_or(&[][..], Vec::as_slice);
                let backups: Vec<String> = all
                    .iter()
                    .take(LISTED)
                    .map(|&j| {
                        let b = &self.schedule.backups[j];
                        format!(
                            "{}: {}",
                            self.pipeline_name(&b.pipeline),
                            self.name(&b.engineer)
                        )
                    })
                    .collect();
                let mut line = format!(
                    "Holiday {}.",
                    named_on(
                        &escape::isolated(&h.name),
                        &h.date.format("%a %-d %b").to_string()
                    )
                );
                if !backups.is_empty() {
                    line.push_str(&format!(
                        " Backups: {}{}.",
                        backups.join("; "),
                        self.more(all.len(), "pipelines")
                    ));
                }
                lines.push(line);
            }
        }
        let (first, last) = self.days_of(seg);
        let (count, listed) = self.index.away_during(first, last, LISTED);
        let away: Vec<String> = listed
            .iter()
            .map(|&j| {
                let b = &self.schedule.backups[j];
                format!(
                    "{} backs up {} for {} ({} to {})",
                    self.name(&b.engineer),
                    self.pipeline_name(&b.pipeline),
                    self.name(&b.primary),
                    b.from,
                    b.to
                )
            })
            .collect();
        if !away.is_empty() {
            lines.push(format!(
                "Primary owners away: {}{}.",
                away.join("; "),
                self.more(count, "backups")
            ));
        }
    }

    /// An override's lines: its reason and the holidays it covers, from its own span and
    /// the data alone. The backups of its days are left to the schedule page: they are
    /// worked out for the horizon only, and an override may run past either end of it,
    /// so naming them would change its text as the horizon moves.
    fn override_lines(&self, lines: &mut Vec<String>, who: &str, i: usize, span: Span) {
        let reason = self
            .site
            .oncall
            .overrides
            .get(i)
            .map_or("", |o| o.reason.as_str());
        // The reason is oncall.yaml's text, from a pull request: quoted, as the schedule
        // page quotes it, so that "No one is on call. Escalate to …" reads as the reason
        // given, not as the feed's own line.
        let reason = reason.trim();
        if reason.is_empty() {
            lines.push(format!("Override: {who} covers."));
        } else {
            lines.push(format!(
                "Override: {who} covers, reason given: {}.",
                quoted(reason)
            ));
        }
        let lo = self.noons.partition_point(|(t, _)| *t < span.0);
        let hi = self.noons.partition_point(|(t, _)| *t < span.1);
        let named: Vec<String> = self.noons[lo..hi]
            .iter()
            .take(LISTED)
            .map(|&(_, h)| {
                let h = &self.site.oncall.holidays[h];
                named_on(
                    &escape::isolated(&h.name),
                    &h.date.format("%a %-d %b %Y").to_string(),
                )
            })
            .collect();
        if !named.is_empty() {
            lines.push(format!(
                "Holidays: {}{}.",
                named.join("; "),
                self.more(hi - lo, "holidays")
            ));
        }
    }

    /// When a segment's event runs: an override's own start and end as written, not the
    /// part of it the horizon shows, so that its event stays put as the horizon moves.
    fn span(&self, seg: &Segment) -> Span {
        let tz = self.schedule.tz;
        match seg
            .override_index
            .and_then(|i| self.site.oncall.overrides.get(i))
        {
            Some(o) => (local_datetime(tz, o.from), local_datetime(tz, o.to)),
            None => (seg.start, seg.end),
        }
    }

    /// Writes one event. `key` says who and when: `SEQUENCE` rises only when it and the
    /// text change, or the title (`summary`, as `body` holds it unescaped) does (see
    /// [`revision`]). `LAST-MODIFIED` (and `DTSTAMP`, so that an unchanged event stays byte for byte the
    /// same) is the build at which the event's text last changed.
    /// `alarm` is a `VALARM` component, written after the event's properties. `duties`
    /// is an event of many backup duties' record of them ([`DUTIES`]), which is not its
    /// text: written after the fingerprints, out of them, it changes no `LAST-MODIFIED`
    /// (nor, written for the first time, any).
    fn event(
        &self,
        cal: &mut Calendar,
        uid: &str,
        (key, summary): (&str, &str),
        body: Calendar,
        alarm: Option<Calendar>,
        duties: Option<&str>,
    ) {
        let alarm = alarm.map(|a| a.out).unwrap_or_default();
        let who_when = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
        // Streamed: the hash of the body and the alarm joined, without joining them.
        let mut text = Xxh3::new();
        text.update(body.out.as_bytes());
        text.update(alarm.as_bytes());
        let fingerprint = format!("{who_when:016x}-{:016x}", text.digest());
        if let Ok(mut written) = self.written.lock() {
            written.insert(uid.to_string());
        }
        let record = self.previous.get(uid);
        let floor = if record.is_some() {
            self.floor.0
        } else {
            self.floor.1
        };
        let (sequence, last_modified) =
            revision::revise(record, &fingerprint, summary, &self.now, floor);
        cal.raw("BEGIN", "VEVENT");
        cal.text("UID", uid);
        cal.raw("DTSTAMP", &last_modified);
        cal.out.push_str(&body.out);
        cal.raw("SEQUENCE", &sequence.to_string());
        cal.raw("LAST-MODIFIED", &last_modified);
        cal.raw("X-PIPEBOOK-REVISION", &fingerprint);
        if let Some(duties) = duties {
            cal.raw(DUTIES, duties);
        }
        cal.out.push_str(&alarm);
        cal.raw("END", "VEVENT");
    }

    /// After the first [`LISTED`] of `count` things named: how many more, and where.
    fn more(&self, count: usize, what: &str) -> String {
        if count <= LISTED {
            return String::new();
        }
        format!(
            "; and {} more {what}: see {}",
            count - LISTED,
            self.urls.absolute("oncall/")
        )
    }

    /// The first and last local day a segment covers.
    fn days_of(&self, seg: &Segment) -> (NaiveDate, NaiveDate) {
        let first = seg.start.with_timezone(&self.schedule.tz).date_naive();
        let last = (seg.end - Duration::seconds(1))
            .with_timezone(&self.schedule.tz)
            .date_naive();
        (first, last)
    }
}
