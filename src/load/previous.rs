//! The calendar feeds of the previous build, read back from the output folder.
//!
//! A static build has no memory, but the site it replaces does: its feeds say which
//! revision each event was at. Reading them lets the new feeds raise `SEQUENCE` and set
//! `LAST-MODIFIED` exactly for the events whose content changed. On Netlify, keep the
//! output folder between builds (the build cache) to carry this across deploys; without a
//! previous site every event is written as changed, at a `SEQUENCE` from the build's
//! clock (see `feeds::revision`): never lower than subscribers hold, but an update of
//! every event.
//!
//! A previous feed that is damaged (cut short by a full disk, edited by hand, not UTF-8)
//! is read as far as it goes, and each such file is a warning: the events it no longer
//! tells about are written as changed, so the author hears why every subscriber's
//! calendar updates them.

use std::fs;
use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{
    Revision, Revisions, DUTIES, FEED, KEPT, KEPT_DUTIES, KEPT_TURN, RETIRED, UIDS,
};

/// What every warning about a damaged previous feed advises.
const HINT: &str = "the feeds continue each event's SEQUENCE from the site they replace; \
     events not read from this file are written as changed (a SEQUENCE and DTSTAMP from this \
     build's clock), so every subscriber's calendar updates them once. Restore the previous \
     site's feeds (on Netlify, the build cache keeps public/) and build again, or accept it: \
     the feeds written now are whole";

/// Revisions of every event in `output/oncall.ics` and `output/oncall/*.ics`. Missing
/// feeds mean there is nothing to carry forward; damaged ones are read as far as they go,
/// with a warning each (named under `shown`, the output folder as the user gave it).
pub fn revisions(output: &Path, shown: &Path, diags: &mut Diagnostics) -> Revisions {
    let mut found = Revisions::new();
    let mut feeds = vec![Path::new("oncall.ics").to_path_buf()];
    if let Ok(dir) = fs::read_dir(output.join("oncall")) {
        let mut more: Vec<_> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ics"))
            .filter_map(|p| p.file_name().map(|n| Path::new("oncall").join(n)))
            .collect();
        more.sort();
        feeds.extend(more);
    }
    for feed in feeds {
        let file = shown.join(&feed).display().to_string();
        let bytes = match fs::read(output.join(&feed)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                diags.warning(
                    Location::file(file),
                    format!("the previous site's feed cannot be read ({e})"),
                    HINT,
                );
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut damage = parse(&text, &mut found);
        if feed.as_os_str() == "oncall.ics" && !super::published::is_preview(output) {
            said_uid_host(&text, &mut found);
        }
        if let (None, Err(e)) = (&damage, std::str::from_utf8(&bytes)) {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            damage = Some((line, "is not UTF-8".to_string()));
        }
        if let Some((line, what)) = damage {
            diags.warning(
                Location {
                    file,
                    line,
                    col: 1,
                    span: None,
                },
                format!("the previous site's feed {what}: its events are read only as far as they can be"),
                HINT,
            );
        }
    }
    found
}

/// Adds to `found` the host of the `UID`s of production's team feed `text` as if it said
/// it (`X-PIPEBOOK-UIDS`), when it does not: an older pipebook's feed, whose events are
/// all under the host they were first published under. A domain move (`base_url`
/// changed) in the build that upgraded pipebook took the new host before, and every
/// event got a new `UID`. The most frequent host of the feed's events, the first in
/// order on a tie; nothing for a feed without an event.
fn said_uid_host(text: &str, found: &mut Revisions) {
    if found.keys().any(|k| k.starts_with("uids@")) {
        return;
    }
    let mut hosts: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, line) in content_lines(text) {
        if let Some((_, host)) = line.strip_prefix("UID:").and_then(|u| u.rsplit_once('@')) {
            *hosts.entry(host.trim().to_string()).or_default() += 1;
        }
    }
    let most = hosts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    if let Some((key, revision)) = most.and_then(|(host, _)| uids(host)) {
        found.insert(key, revision);
    }
}

/// The content lines of `text`, unfolded, each with the number of its first line.
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        match (physical.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, line))) => line.push_str(rest),
            _ => lines.push((i + 1, physical.to_string())),
        }
    }
    lines
}

/// Reads UID, SEQUENCE, LAST-MODIFIED and X-PIPEBOOK-REVISION of each VEVENT into
/// `found`; the first damage seen (its line and what it is), if any. An event without a
/// fingerprint (written by a pipebook before fingerprints) keeps its SEQUENCE, so that
/// the next one is higher.
fn parse(text: &str, found: &mut Revisions) -> Option<(usize, String)> {
    let lines = content_lines(text);
    let mut damage = frame_damage(&lines);
    let mut damaged = |line: usize, what: &str| {
        damage.get_or_insert((line, what.to_string()));
    };
    // The line of the open event's `BEGIN`, and what it said so far.
    let mut event: Option<usize> = None;
    let mut fields = Fields::new();
    for (n, line) in &lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        // Parameters matter only for DTSTART and DTEND, whose value may be a date.
        let (name, params) = name.split_once(';').unwrap_or((name, ""));
        if event.is_none() {
            if let Some(read) = record(name, value, found) {
                if let Err(what) = read {
                    damaged(*n, what);
                }
                continue;
            }
        }
        match name {
            "BEGIN" if value == "VEVENT" => {
                if let Some(start) = event {
                    damaged(start, "has an event that does not end");
                }
                event = Some(*n);
                fields = Fields::new();
            }
            "END" if value == "VEVENT" => {
                let start = event.take().unwrap_or(*n);
                // What an event left unsaid stays unsaid until the next `BEGIN`, but its
                // SEQUENCE stays, as before the fields were a struct.
                let sequence = fields.sequence;
                let done = std::mem::replace(
                    &mut fields,
                    Fields {
                        sequence,
                        ..Fields::new()
                    },
                );
                match done.revision() {
                    Ok((uid, revision)) => {
                        found.insert(uid, revision);
                    }
                    Err(what) => damaged(start, what),
                }
            }
            _ => fields.read(name, params, value, event.is_some()),
        }
    }
    damage
}

/// Whether the feed's frame is damaged: it does not begin with `BEGIN:VCALENDAR`, or
/// does not end with `END:VCALENDAR` (cut short).
fn frame_damage(lines: &[(usize, String)]) -> Option<(usize, String)> {
    if lines.first().map(|(_, l)| l.as_str()) != Some("BEGIN:VCALENDAR") {
        return Some((1, "does not begin with BEGIN:VCALENDAR".to_string()));
    }
    let last = lines.iter().rev().find(|(_, l)| !l.is_empty());
    if last.map(|(_, l)| l.as_str()) != Some("END:VCALENDAR") {
        return Some((
            last.map_or(1, |(n, _)| *n),
            "is cut short (it does not end with END:VCALENDAR)".to_string(),
        ));
    }
    None
}

/// Reads a record of the calendar, outside any event, into `found`: none for a line that
/// is not one, else whether it was read (what is damaged, if not).
fn record(name: &str, value: &str, found: &mut Revisions) -> Option<Result<(), &'static str>> {
    let read = match name {
        RETIRED => retired(value).ok_or("has a remembered event it cannot read"),
        UIDS => uids(value).ok_or("has a UID host it cannot read"),
        FEED => feed(value).ok_or("has a feed record it cannot read"),
        KEPT => kept(value).ok_or("has a kept event it cannot read"),
        // Of the kept record before it; a live event read first says its own.
        KEPT_TURN => {
            let read = kept_addition(value, found, |r| &mut r.turn_for);
            return Some(read.ok_or("has a kept holiday turn it cannot read"));
        }
        KEPT_DUTIES => {
            let read = kept_addition(value, found, |r| &mut r.duties);
            return Some(read.ok_or("has a kept record of duties it cannot read"));
        }
        _ => return None,
    };
    // A live event of another feed read before it is the newer news.
    Some(read.map(|(key, revision)| {
        found.entry(key).or_insert(revision);
    }))
}

/// What an event said so far, as [`parse`] reads it: its `UID`, its `SEQUENCE` (`None`
/// when not a number; 0 when unsaid) and the rest of its revision as read.
struct Fields {
    uid: Option<String>,
    sequence: Option<u32>,
    said: Revision,
}

impl Fields {
    fn new() -> Self {
        Fields {
            uid: None,
            sequence: Some(0),
            said: Revision::default(),
        }
    }

    /// Reads one property (`in_event`: inside a `VEVENT`).
    fn read(&mut self, name: &str, params: &str, value: &str, in_event: bool) {
        match name {
            "UID" => self.uid = Some(unescape(value)),
            "DTEND" => self.said.end = utc_stamp(value.trim(), params),
            "DTSTART" => self.said.start = utc_stamp(value.trim(), params),
            "SUMMARY" => self.said.summary = Some(unescape(value)),
            "DESCRIPTION" => {
                self.said.turn_for = holiday_turn(value);
                self.said.shown_from = local_start(value);
            }
            DUTIES if in_event => self.said.duties = Some(value.trim().to_string()),
            "SEQUENCE" => self.sequence = value.trim().parse().ok(),
            "LAST-MODIFIED" => self.said.last_modified = Some(value.trim().to_string()),
            "X-PIPEBOOK-REVISION" => self.said.fingerprint = value.trim().to_string(),
            _ => {}
        }
    }

    /// The event's `UID` and revision, or what is damaged.
    fn revision(self) -> Result<(String, Revision), &'static str> {
        match (self.uid, self.sequence) {
            (Some(uid), Some(sequence)) => Ok((
                uid,
                Revision {
                    sequence,
                    ..self.said
                },
            )),
            (None, _) => Err("has an event without a UID"),
            (Some(_), None) => Err("has an event whose SEQUENCE is not a number"),
        }
    }
}

/// The holidays a shift's `DESCRIPTION` (escaped, as written) says it is the turn for,
/// or the shift in return for (as `schedule::Change::describe` writes it): what follows "takes this year's
/// turn for " in its sentence, unescaped.
fn holiday_turn(description: &str) -> Option<String> {
    const SAID: &str = "takes this year's turn for ";
    let (_, rest) = description.split_once(SAID)?;
    let sentence = rest.split("\\n").next().unwrap_or(rest);
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    let names =
        (sentence.strip_suffix("\\, with no shift of theirs free to swap")).unwrap_or(sentence);
    Some(unescape(names))
}

/// The local time of day and zone a shift's `DESCRIPTION` (escaped, as written) says it
/// starts at: `09:00 EDT` of "… is on call for … from Mon 26 Oct 2026 09:00 EDT to …".
/// The title may say " from " or " to ", the times do not: split from the right.
fn local_start(description: &str) -> Option<String> {
    let sentence = description.split("\\n").next()?;
    let sentence = sentence.strip_suffix('.')?;
    let (left, _) = sentence.rsplit_once(" to ")?;
    let (said, from) = left.rsplit_once(" from ")?;
    said.contains(" is on call for ").then_some(())?;
    let mut words = from.rsplitn(3, ' ');
    let (zone, time) = (words.next()?, words.next()?);
    Some(format!("{time} {zone}"))
}

/// A TEXT value as written escaped.
fn unescape(value: &str) -> String {
    value
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// `DTEND`'s (or `DTSTART`'s) value as a UTC stamp: a date (`VALUE=DATE`) at its midnight; `None` for a
/// local time, which pipebook does not write.
fn utc_stamp(value: &str, params: &str) -> Option<String> {
    let date = params.contains("VALUE=DATE") && !params.contains("VALUE=DATE-TIME");
    match (date, value.len()) {
        (true, 8) if value.bytes().all(|b| b.is_ascii_digit()) => Some(format!("{value}T000000Z")),
        (false, 16) if value.ends_with('Z') => Some(value.to_string()),
        _ => None,
    }
}

/// A remembered event: its UID, and its last `SEQUENCE` and end, without a fingerprint.
fn retired(value: &str) -> Option<(String, Revision)> {
    let mut parts = value.splitn(3, ' ');
    let sequence = parts.next()?.parse().ok()?;
    let end = utc_stamp(parts.next()?, "")?;
    let uid = unescape(parts.next()?);
    Some((
        uid,
        Revision {
            sequence,
            end: Some(end),
            ..Revision::default()
        },
    ))
}

/// The team feed's host of production's UIDs, as the record `uids@<host>`: a host as
/// `Urls` makes them (no space, `@` or TEXT special, at most 255 bytes).
fn uids(value: &str) -> Option<(String, Revision)> {
    let host = value.trim();
    let fits = |b: u8| b.is_ascii_graphic() && !b"@,;\\".contains(&b);
    if host.is_empty() || host.len() > 255 || !host.bytes().all(fits) {
        return None;
    }
    Some((format!("uids@{host}"), Revision::default()))
}

/// A personal feed's record of itself (`-` or its last day, then `feed.<id>@host`): a
/// record without a `SEQUENCE`, whose end is when a former engineer's feed goes.
fn feed(value: &str) -> Option<(String, Revision)> {
    let (end, key) = value.split_once(' ')?;
    let end = match end {
        "-" => None,
        end => Some(utc_stamp(end, "")?),
    };
    let key = key.strip_prefix("feed.").filter(|k| k.contains('@'))?;
    Some((
        format!("feed.{key}"),
        Revision {
            end,
            ..Revision::default()
        },
    ))
}

/// A production site's event a preview's feed kept whole (`SEQUENCE END LAST-MODIFIED
/// FINGERPRINT UID`, `-` for a part it lacked, then `,DTSTART,SUMMARY` when it had
/// both): read back as it was, so that production's next build changes none of its
/// unchanged events and still tells which served shifts it rewrites. A record kept
/// before the start and summary were (no list) is read without them.
fn kept(value: &str) -> Option<(String, Revision)> {
    let (record, rest) = split_item(value);
    let mut parts = record.splitn(5, ' ');
    let sequence = parts.next()?.parse().ok()?;
    let end = utc_stamp(parts.next()?, "")?;
    let or_none = |s: &str| (s != "-").then(|| s.to_string());
    let last_modified = or_none(parts.next()?);
    let fingerprint = or_none(parts.next()?).unwrap_or_default();
    let uid = unescape(parts.next()?);
    let (start, summary) = match rest {
        None => (None, None),
        Some(rest) => {
            let (start, summary) = split_item(rest);
            // The summary is the list's last item: a bare comma in it is damage.
            let summary = summary.filter(|s| split_item(s).1.is_none())?;
            (Some(utc_stamp(start, "")?), Some(unescape(summary)))
        }
    };
    Some((
        uid,
        Revision {
            sequence,
            last_modified,
            fingerprint,
            end: Some(end),
            start,
            summary,
            ..Revision::default()
        },
    ))
}

/// Gives a kept record's addition (its holiday turn, its duties) to the kept record it
/// follows, unless that one already has it; `None` when the line cannot be read.
fn kept_addition(
    value: &str,
    found: &mut Revisions,
    slot: fn(&mut Revision) -> &mut Option<String>,
) -> Option<()> {
    let (uid, text) = kept_turn(value)?;
    if let Some(field) = found.get_mut(&uid).map(slot).filter(|f| f.is_none()) {
        *field = Some(text);
    }
    Some(())
}

/// A kept shift's holiday turn (`UID,NAMES`, a TEXT list of two): its UID and the
/// names, unescaped; so is a kept event's record of its duties (`UID,COUNT HASH`).
fn kept_turn(value: &str) -> Option<(String, String)> {
    let (uid, names) = split_item(value);
    let names = names.filter(|s| split_item(s).1.is_none())?;
    Some((unescape(uid), unescape(names)))
}

/// The first item of a TEXT list (RFC 5545: items split by a comma not escaped), and
/// the rest of the list, if there is one.
fn split_item(list: &str) -> (&str, Option<&str>) {
    let bytes = list.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b',' => return (&list[..i], Some(&list[i + 1..])),
            _ => i += 1,
        }
    }
    (list, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_revisions_of_events() {
        let feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:shift-4@ho\r\n st\r\nSEQUENCE:2\r\nLAST-MODIFIED:20261126T120000Z\r\nX-PIPEBOOK-REVISION:ab12\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:no-fingerprint@host\r\nSEQUENCE:3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        assert_eq!(parse(feed, &mut found), None);
        assert_eq!(found.len(), 2);
        let r = &found["shift-4@host"];
        assert_eq!(r.sequence, 2);
        assert_eq!(r.last_modified.as_deref(), Some("20261126T120000Z"));
        assert_eq!(r.fingerprint, "ab12");
        // An older pipebook's event: its SEQUENCE is kept, with no fingerprint to match.
        let old = &found["no-fingerprint@host"];
        assert_eq!((old.sequence, old.fingerprint.as_str()), (3, ""));
    }

    #[test]
    fn reads_when_events_start_and_end() {
        let feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260427T130000Z\r\nDTEND:20260504T130000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261127\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=X:20260427T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        assert_eq!(parse(feed, &mut found), None);
        let span = |uid: &str| (found[uid].start.as_deref(), found[uid].end.as_deref());
        assert_eq!(
            span("a"),
            (Some("20260427T130000Z"), Some("20260504T130000Z"))
        );
        assert_eq!(
            span("b"),
            (Some("20261126T000000Z"), Some("20261127T000000Z"))
        );
        assert_eq!(span("c"), (None, None));
    }

    #[test]
    fn feed_and_uid_host_records_are_read_and_bad_ones_are_damage() {
        let feed = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-UIDS:ops.example.com/data\r\nX-PIPEBOOK-FEED:- feed.de1@prod\r\nX-PIPEBOOK-FEED:20270101T000000Z feed.de5@prod\r\nX-PIPEBOOK-FEED:soon feed.de6@prod\r\nX-PIPEBOOK-UIDS:a b\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        let (line, what) = parse(feed, &mut found).expect("the fourth is damaged");
        assert_eq!(
            (line, what.as_str()),
            (5, "has a feed record it cannot read")
        );
        assert!(found.contains_key("uids@ops.example.com/data"));
        assert_eq!(found["feed.de1@prod"].end, None);
        let left = found["feed.de5@prod"].end.as_deref();
        assert_eq!(left, Some("20270101T000000Z"));
        assert_eq!(found.len(), 3);
        assert!(uids("a@b").is_none() && uids("").is_none() && super::feed("- de1@prod").is_none());
    }

    #[test]
    fn kept_records_are_read_whole_and_live_events_come_first() {
        let feed = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT:7 20270101T000000Z 20261126T120000Z 0123456789abcdef-fedcba9876543210 shift-1@prod\r\nX-PIPEBOOK-KEPT:8 20270101T000000Z - - shift-2@prod\r\nX-PIPEBOOK-KEPT:9 20270101T000000Z x shift-3@prod\r\nBEGIN:VEVENT\r\nUID:shift-2@prod\r\nSEQUENCE:3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        let (line, what) = parse(feed, &mut found).expect("the third is damaged");
        assert_eq!(
            (line, what.as_str()),
            (4, "has a kept event it cannot read")
        );
        let one = &found["shift-1@prod"];
        assert_eq!(one.sequence, 7);
        assert_eq!(one.last_modified.as_deref(), Some("20261126T120000Z"));
        assert_eq!(one.fingerprint, "0123456789abcdef-fedcba9876543210");
        assert_eq!(one.end.as_deref(), Some("20270101T000000Z"));
        // A live event of the same UID, read after, is the newer news.
        assert_eq!(found["shift-2@prod"].sequence, 3);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn kept_records_carry_a_shift_s_start_and_holder() {
        let feed = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT:6 20270101T000000Z - - shift-2@prod,20261225T000000Z,On call: Ana\\, the \\\\\\; one\r\nX-PIPEBOOK-KEPT:7 20270101T000000Z - - shift-3@prod,20261225T000000Z\r\nX-PIPEBOOK-KEPT:8 20270101T000000Z - - shift-4@prod,x,On call: Bo\r\nX-PIPEBOOK-KEPT:9 20270101T000000Z - - shift-5@prod,20261225T000000Z,On call: Bo,more\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        let (line, what) = parse(feed, &mut found).expect("three are damaged");
        assert_eq!(
            (line, what.as_str()),
            (3, "has a kept event it cannot read")
        );
        assert_eq!(found.len(), 1);
        let r = &found["shift-2@prod"];
        assert_eq!(r.sequence, 6);
        assert_eq!(r.start.as_deref(), Some("20261225T000000Z"));
        assert_eq!(r.summary.as_deref(), Some("On call: Ana, the \\; one"));
        assert_eq!(r.end.as_deref(), Some("20270101T000000Z"));
        // A record kept before (no start nor summary) is read without them.
        let old = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT:6 20270101T000000Z - - shift-2@prod\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        assert_eq!(parse(old, &mut found), None);
        let r = &found["shift-2@prod"];
        assert_eq!((r.start.as_deref(), r.summary.as_deref()), (None, None));
    }

    #[test]
    fn damage_is_found_at_its_line() {
        let whole = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@h\r\nSEQUENCE:4\r\nX-PIPEBOOK-REVISION:x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@h\r\nSEQUENCE:5\r\nX-PIPEBOOK-REVISION:y\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        // Cut inside the second event: the first is read, the cut named at the last line.
        let cut = &whole[..whole.find("SEQUENCE:5").unwrap()];
        let (line, what) = parse(cut, &mut found).expect("damage");
        assert_eq!(line, 8, "{what}");
        assert!(what.contains("cut short"), "{what}");
        assert_eq!(found.keys().collect::<Vec<_>>(), ["a@h"]);

        let mut found = Revisions::new();
        let bad = whole.replace("SEQUENCE:5", "SEQUENCE:five");
        let (line, what) = parse(&bad, &mut found).expect("damage");
        assert_eq!((line, what.contains("SEQUENCE")), (7, true), "{what}");
        assert_eq!(found.len(), 1);

        let mut found = Revisions::new();
        assert_eq!(parse(whole, &mut found), None);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn an_older_team_feed_s_uid_host_is_that_of_most_of_its_events() {
        let uids_of = |feed: &str| {
            let mut found = Revisions::new();
            parse(feed, &mut found);
            said_uid_host(feed, &mut found);
            let mut said: Vec<String> = found
                .into_keys()
                .filter(|k| k.starts_with("uids@"))
                .collect();
            said.sort();
            said
        };
        let event =
            |uid: &str| format!("BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:1\r\nEND:VEVENT\r\n");
        let older = format!(
            "BEGIN:VCALENDAR\r\nX-PIPEBOOK-RETIRED:1 20270101T000000Z shift-9@preview\r\nX-PIPEBOOK-RETIRED:1 20270101T000000Z shift-8@preview\r\n{}{}{}END:VCALENDAR\r\n",
            event("shift-1@old.example"),
            event("shift-2@old.example"),
            event("override-1@other")
        );
        assert_eq!(uids_of(&older), ["uids@old.example"]);
        // A tie: the first host in order; a feed that says it: its own word.
        let tie = format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            event("a@b.example"),
            event("a@a.example")
        );
        assert_eq!(uids_of(&tie), ["uids@a.example"]);
        let said = older.replace(
            "BEGIN:VCALENDAR\r\n",
            "BEGIN:VCALENDAR\r\nX-PIPEBOOK-UIDS:new.example\r\n",
        );
        assert_eq!(uids_of(&said), ["uids@new.example"]);
        assert_eq!(
            uids_of("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reads_the_holidays_a_shift_was_the_turn_for() {
        let swap = "Data Engineer 1 is on call.\\nSwapped with the shift starting Mon 12 Oct 2026 so that holiday duty rotates: Data Engineer 3 takes this year's turn for Columbus Day.\\nSecondary on call: Data Engineer 2.";
        assert_eq!(holiday_turn(swap).as_deref(), Some("Columbus Day"));
        let turn = "Holiday duty rotates: C takes this year's turn for A\\, B and New Year\\\\'s\\, with no shift of theirs free to swap.\\nHoliday A (Wed 11 Nov).";
        assert_eq!(holiday_turn(turn).as_deref(), Some("A, B and New Year\\'s"));
        assert_eq!(holiday_turn("Data Engineer 1 is on call."), None);
    }

    #[test]
    fn a_kept_shift_s_holiday_turn_is_read_back() {
        let feed = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT:6 20270101T000000Z - - shift-2@prod,20261225T000000Z,On call: Ana\r\nX-PIPEBOOK-KEPT-TURN:shift-2@prod,A\\, B and New Year\\\\'s\r\nX-PIPEBOOK-KEPT-TURN:shift-9@prod,Nobody's\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        assert_eq!(parse(feed, &mut found), None);
        let turn = found["shift-2@prod"].turn_for.as_deref();
        assert_eq!(turn, Some("A, B and New Year\\'s"));
        assert!(!found.contains_key("shift-9@prod"));
        let bad = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT-TURN:shift-2@prod,A,B\r\nEND:VCALENDAR\r\n";
        assert_eq!(parse(bad, &mut Revisions::new()).map(|d| d.0), Some(2));
    }
}
