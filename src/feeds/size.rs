//! Feeds too large for Google Calendar, and the weeks that would fit.

use crate::diagnostics::Diagnostics;
use crate::model::{Site, KEPT, KEPT_DUTIES, KEPT_TURN};
use crate::write::OutputFile;

/// The most bytes of a subscribed calendar Google Calendar reads: it leaves out the rest
/// of a larger one without a word, which may be this week's shifts (a 2.1 MB feed lost
/// 12 of a day's 58 events in a report), so a subscriber sees the wrong person on call.
pub const FEED_BYTES_READ: usize = 1_000_000;

/// A feed over [`FEED_BYTES_READ`]: its path, size, events and the bytes of its events
/// (what grows with the weeks published), and of those the overrides make (see
/// [`override_events`]).
pub struct Oversized {
    pub path: String,
    pub bytes: usize,
    pub events: usize,
    pub event_bytes: usize,
    /// The events of overrides and of the pieces of shifts they cut, and their bytes.
    pub overrides: (usize, usize),
}

/// The largest feed of `files` over [`FEED_BYTES_READ`], if any, counted without the
/// production records a deploy preview keeps (`X-PIPEBOOK-KEPT`): production's own build
/// never writes them, and they doubled the example of 100 engineers' preview team feed
/// (997 kB of events, 2.0 MB with them), which warned, naming 116 weeks where 239 fit.
pub fn oversized(files: &[OutputFile]) -> Option<Oversized> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".ics"))
        .map(|f| (f, f.bytes.len() - kept_bytes(&f.bytes)))
        .filter(|&(_, bytes)| bytes > FEED_BYTES_READ)
        .max_by_key(|&(_, bytes)| bytes)
        .map(|(f, bytes)| {
            let first = find(&f.bytes, b"BEGIN:VEVENT\r\n").unwrap_or(f.bytes.len());
            let last = (f.bytes.len() - first).saturating_sub(b"END:VCALENDAR\r\n".len());
            Oversized {
                path: f.path.clone(),
                bytes,
                events: f
                    .bytes
                    .windows(14)
                    .filter(|w| w == b"BEGIN:VEVENT\r\n")
                    .count(),
                event_bytes: last,
                overrides: override_events(&f.bytes[first..]),
            }
        })
}

/// The events of `events` (a feed from its first `BEGIN:VEVENT`) that overrides make,
/// and their bytes: an override's own (`override-<start>`, in the team feed and, keyed,
/// in its engineer's and its secondary's) and each piece of a shift one cut
/// (`shift-<slot>-<start>`), told by its `UID` (see `uid::Uid::by_override`).
fn override_events(events: &[u8]) -> (usize, usize) {
    const BEGIN: &[u8] = b"BEGIN:VEVENT\r\n";
    let made_by_override = |event: &[u8]| {
        let Some(at) = find(event, b"\r\nUID:") else {
            return false;
        };
        // The line unfolded: a long host or key may fold it before its `@`.
        let mut uid = Vec::new();
        let mut rest = &event[at + 6..];
        loop {
            let end = find(rest, b"\r\n").unwrap_or(rest.len());
            uid.extend_from_slice(&rest[..end]);
            match rest.get(end + 2) {
                Some(b' ' | b'\t') => rest = &rest[end + 3..],
                _ => break,
            }
        }
        (std::str::from_utf8(&uid).ok())
            .and_then(super::uid::Uid::parse)
            .is_some_and(|uid| uid.by_override())
    };
    let (mut count, mut bytes) = (0, 0);
    let mut rest = events;
    while !rest.is_empty() {
        let next = find(&rest[BEGIN.len().min(rest.len())..], BEGIN)
            .map_or(rest.len(), |i| i + BEGIN.len());
        if made_by_override(&rest[..next]) {
            count += 1;
            bytes += next;
        }
        rest = &rest[next..];
    }
    (count, bytes)
}

fn find(bytes: &[u8], what: &[u8]) -> Option<usize> {
    bytes.windows(what.len()).position(|w| w == what)
}

/// The bytes of the `X-PIPEBOOK-KEPT` (and `-TURN`) lines of `feed`, with their folded
/// continuations.
fn kept_bytes(feed: &[u8]) -> usize {
    let mut total = 0;
    let mut in_kept = false;
    for line in feed.split_inclusive(|&b| b == b'\n') {
        if line.first() == Some(&b' ') {
            total += if in_kept { line.len() } else { 0 };
            continue;
        }
        let named =
            |name: &str| line.starts_with(name.as_bytes()) && line.get(name.len()) == Some(&b':');
        in_kept = named(KEPT) || named(KEPT_TURN) || named(KEPT_DUTIES);
        total += if in_kept { line.len() } else { 0 };
    }
    total
}

/// The weeks (past and future together) of which `feed` would fit in
/// [`FEED_BYTES_READ`], `weeks` making it as it is: its events grow with the weeks, the
/// rest (its header, what it remembers) does not.
fn weeks_that_fit(feed: &Oversized, weeks: u64) -> u64 {
    let fixed = feed.bytes.saturating_sub(feed.event_bytes);
    let room = FEED_BYTES_READ.saturating_sub(fixed) as u64;
    weeks * room / (feed.event_bytes.max(1) as u64)
}

/// Warns, at `horizon.future_weeks` of oncall.yaml, of the largest feed over
/// [`FEED_BYTES_READ`], with the weeks that would fit (the feeds grow with the weeks
/// they publish: 520 weeks of daily shifts made the team feed 2.1 MB). The past weeks
/// count too: with `past_weeks: 300` the hint said `future_weeks: 0` before, which
/// still left the feed over 1 MB; it now names the past weeks that fit, or both.
pub fn warn_oversized(site: &Site, feed: &Oversized, diags: &mut Diagnostics) {
    let horizon = site.oncall.horizon;
    let past = u64::from(horizon.past_weeks);
    let future = u64::from(horizon.future_weeks);
    let fit = weeks_that_fit(feed, past + future);
    let hint = if fit > past {
        format!(
            "publish fewer weeks ahead (`horizon.future_weeks: {}` or fewer in oncall.yaml) or use longer shifts",
            fit - past
        )
    } else if fit > future {
        format!(
            "publish fewer weeks back (`horizon.past_weeks: {}` or fewer in oncall.yaml; fewer ahead alone cannot do) or use longer shifts",
            fit - future
        )
    } else if fit >= 2 {
        let back = fit / 4;
        format!(
            "publish fewer weeks: {fit} in all fit, past and future (e.g. `horizon: {{ past_weeks: {back}, future_weeks: {} }}` in oncall.yaml), or use longer shifts",
            fit - back
        )
    } else {
        "use longer shifts or a smaller rotation: not even two weeks of these shifts fit"
            .to_string()
    };
    let (location, message, hint) = match feed.overrides {
        (count, bytes) if bytes * 2 > feed.event_bytes => (
            site.sources.oncall.locate("overrides"),
            format!(
                "; {count} of them, {:.1} MB, are overrides and the pieces of shifts they cut",
                bytes as f64 / 1e6
            ),
            format!(
                "each override is an event of its own (in the team feed, and in its engineer's and its secondary's) and cuts the shift it falls in: cover a stretch with one override rather than one a day or an hour (adjoining overrides of one engineer as one), and give a pattern that repeats to the rotation (`rotation.order`, `shift`); or {}",
                hint.replace(" or use longer shifts", "")
            ),
        ),
        _ => (
            site.sources.oncall.locate("horizon.future_weeks"),
            String::new(),
            hint,
        ),
    };
    diags.warning(
        location,
        format!(
            "the calendar feed `{}` is {:.1} MB ({} events{message}): Google Calendar reads at most 1 MB of a subscribed calendar and leaves the other events out, perhaps this week's shifts",
            feed.path,
            feed.bytes as f64 / 1e6,
            feed.events
        ),
        hint,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: String) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }

    const EVENT: &str = "BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n";

    #[test]
    fn kept_records_are_not_counted() {
        let head = "BEGIN:VCALENDAR\r\nX-PIPEBOOK-KEPT:1 2 3\r\n 45\r\nX-PIPEBOOK-RETIRED:7\r\n";
        let kept = "X-PIPEBOOK-KEPT:1 2 3\r\n 45\r\n".len();
        let events = EVENT.repeat(40_000);
        let text = format!("{head}{events}END:VCALENDAR\r\n");
        let found = oversized(&[file("oncall.ics", text.clone())]).unwrap();
        assert_eq!(found.bytes, text.len() - kept);
        assert_eq!(found.events, 40_000);
        assert_eq!(found.event_bytes, events.len());
        // Under the limit once the kept records are left out.
        let many = "X-PIPEBOOK-KEPT:1\r\n".repeat(60_000);
        let small = format!("BEGIN:VCALENDAR\r\n{many}{EVENT}END:VCALENDAR\r\n");
        assert!(oversized(&[file("oncall.ics", small)]).is_none());
        assert!(oversized(&[file("oncall.json", text)]).is_none());
    }

    #[test]
    fn the_weeks_that_fit_leave_out_what_does_not_grow() {
        let feed = Oversized {
            path: "oncall.ics".into(),
            bytes: 2_100_000,
            events: 0,
            event_bytes: 2_000_000,
            overrides: (0, 0),
        };
        // 100 kB that does not grow, 2 MB over 400 weeks: 180 weeks make 900 kB.
        assert_eq!(weeks_that_fit(&feed, 400), 180);
    }

    #[test]
    fn events_of_overrides_are_told_by_their_uid() {
        let event = |uid: &str| format!("BEGIN:VEVENT\r\nUID:{uid}\r\nEND:VEVENT\r\n");
        let made = [
            "override-20261110T140000Z@h",
            "override-20261110T140000Z.secondary.de1@h",
            "shift-48-20261110T140000Z@h",
            "shift-48-20261110T140000Z.de2@h",
        ];
        let not = [
            "shift-48@h",
            "shift-48.de2@h",
            "shift--3@h",
            "backup-x-holiday-20261111.de2@h",
        ];
        let all: String = made.iter().chain(&not).map(|u| event(u)).collect();
        let bytes: usize = made.iter().map(|u| event(u).len()).sum();
        assert_eq!(override_events(all.as_bytes()), (4, bytes));
        assert_eq!(override_events(b""), (0, 0));
        // Folded before its `@` (a long key or host), as RFC 5545 folds lines of 75 octets.
        let folded = "BEGIN:VEVENT\r\nUID:override-20261110T140000Z.secondary.a-very-long-en\r\n gineer-key@h\r\nEND:VEVENT\r\n";
        assert_eq!(override_events(folded.as_bytes()), (1, folded.len()));
    }
}
