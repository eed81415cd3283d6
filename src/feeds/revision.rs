//! An event's `SEQUENCE` and `LAST-MODIFIED`, from its record in the site replaced.
//!
//! The record is kept only by the previous site's feeds, which a build may not have: a
//! cleared build cache, a new Netlify site, or a cache a deploy preview wrote (whose UIDs
//! name another host). A `SEQUENCE` restarted at 0 is lower than the one subscribers hold,
//! and calendar apps then ignore every change to the event until it is passed. So an
//! event this build changes, or has no record of, takes at least [`floor`]: the seconds
//! from 2020 to the build's clock. Every `SEQUENCE` a build writes is at most its own
//! floor plus the changes made at that same clock, so any later build, state or none,
//! writes each event at the `SEQUENCE` subscribers hold or above. An unchanged event
//! with a record keeps it, byte for byte.

use chrono::{DateTime, TimeZone, Utc};

use crate::model::Revision;

/// The lowest `SEQUENCE` a build at `now` gives an event it changes or has no record
/// of: whole seconds since 2020-01-01T00:00Z (before any pipebook feed), 0 before it,
/// and at most `i32::MAX` (RFC 5545's INTEGER; clients store it in 32 bits), reached in
/// 2088.
pub fn floor(now: DateTime<Utc>) -> u32 {
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).single();
    let seconds = start.map_or(0, |s| (now - s).num_seconds());
    u32::try_from(seconds.clamp(0, i64::from(MAX))).unwrap_or(0)
}

/// The highest `SEQUENCE` written: RFC 5545's INTEGER is 32-bit signed, and a client
/// storing it so reads one above as negative (below what it holds) or drops the event.
/// Reached by a build whose clock is past 2088 (`SOURCE_DATE_EPOCH` is taken up to the
/// year 3000) or a previous feed holding more; an event there changes no further.
const MAX: u32 = i32::MAX as u32;

/// The `SEQUENCE` and `LAST-MODIFIED` of an event whose fingerprint is `fingerprint`
/// (who and when, `-`, the whole text) and whose `SUMMARY` is `summary` (unescaped),
/// given its record `previous`, the build's time `now` as written and its [`floor`]. Its
/// text unchanged keeps both; who and when unchanged, and its title too (as far as the
/// record tells), keeps its `SEQUENCE`; otherwise it rises, to `floor` at least; never
/// above [`MAX`]. A title is what a calendar shows of an event: a backup duty's names
/// the primary owner away, whom its who and when leave out, and that owner renamed
/// retitled it at the same `SEQUENCE` (`tests/cal45.rs`).
pub fn revise(
    previous: Option<&Revision>,
    fingerprint: &str,
    summary: &str,
    now: &str,
    floor: u32,
) -> (u32, String) {
    let (sequence, last_modified) = revised(previous, fingerprint, summary, now, floor);
    (sequence.min(MAX), last_modified)
}

/// [`revise`], unbounded.
fn revised(
    previous: Option<&Revision>,
    fingerprint: &str,
    summary: &str,
    now: &str,
    floor: u32,
) -> (u32, String) {
    let who_when = fingerprint.split('-').next();
    // A title with a line break is read back otherwise than written (`\\n`): left alone.
    let retitled = |p: &Revision| {
        let comparable = !summary.contains(['\n', '\r']);
        comparable && p.summary.as_deref().is_some_and(|s| s != summary)
    };
    match previous {
        Some(p) if p.fingerprint == fingerprint || same_text(&p.fingerprint, fingerprint) => (
            p.sequence,
            p.last_modified
                .clone()
                .filter(|t| super::ics::is_stamp(t))
                .unwrap_or_else(|| now.to_string()),
        ),
        Some(p) if p.fingerprint.split('-').next() == who_when && !retitled(p) => {
            (p.sequence, now.to_string())
        }
        Some(p) => (p.sequence.saturating_add(1).max(floor), now.to_string()),
        None => (floor, now.to_string()),
    }
}

/// Whether two fingerprints hash the same text (their second halves): every line a
/// calendar shows of the event is then as it was, and so are its who and when but for
/// ids, which no line shows. An engineer's id changed without `formerly` (`de3` to
/// `dana`) changed the who of every event that named them, and 27 of the example's 57
/// team events, and 27 of others' feeds, took a new `SEQUENCE` and `DTSTAMP` with the
/// same text (`tests/cal60.rs`). An older pipebook's record without a text half matches
/// nothing.
fn same_text(previous: &str, fingerprint: &str) -> bool {
    let text = previous.split_once('-').map(|(_, t)| t);
    text.is_some_and(|t| !t.is_empty() && Some(t) == fingerprint.split_once('-').map(|(_, t)| t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(sequence: u32, fingerprint: &str) -> Revision {
        Revision {
            sequence,
            last_modified: Some("20261126T120000Z".into()),
            fingerprint: fingerprint.into(),
            ..Revision::default()
        }
    }

    #[test]
    fn the_floor_counts_seconds_since_2020_within_32_bits() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(floor(at("2019-06-01T00:00:00Z")), 0);
        assert_eq!(floor(at("2020-01-01T00:00:00Z")), 0);
        assert_eq!(floor(at("2020-01-01T00:01:01Z")), 61);
        // 2026-11-26T12:00:00Z, the tests' clock.
        assert_eq!(
            floor(at("2026-11-26T12:00:00Z")),
            1_795_694_400 - 1_577_836_800
        );
        assert_eq!(floor(at("2300-01-01T00:00:00Z")), i32::MAX as u32);
    }

    #[test]
    fn a_change_or_a_lost_record_never_writes_below_the_floor() {
        let now = "20270101T000000Z";
        let floor = 1_000;
        // No record (a lost build cache): the floor, above any earlier build's.
        assert_eq!(revise(None, "a-b", "t", now, floor).0, 1_000);
        // Unchanged: kept, even below the floor (it is what subscribers hold).
        let same = record(3, "a-b");
        assert_eq!(
            revise(Some(&same), "a-b", "t", now, floor),
            (3, "20261126T120000Z".to_string())
        );
        // The text changed, not who or when: SEQUENCE kept, LAST-MODIFIED now.
        assert_eq!(
            revise(Some(&same), "a-c", "t", now, floor),
            (3, now.to_string())
        );
        // Who or when changed: one up, and not below the floor.
        assert_eq!(revise(Some(&same), "x-c", "t", now, floor).0, 1_000);
        assert_eq!(
            revise(Some(&record(5_000, "a-b")), "x-c", "t", now, floor).0,
            5_001
        );
        // Never above i32::MAX (RFC 5545's INTEGER), even from a clock past 2088 or a
        // previous feed holding more: on main these wrote 2,147,483,648 and 4,294,967,295.
        let max = i32::MAX as u32;
        assert_eq!(
            revise(Some(&record(max, "a-b")), "x-c", "t", now, max).0,
            max
        );
        assert_eq!(revise(None, "a-b", "t", now, max).0, max);
        assert_eq!(
            revise(Some(&record(u32::MAX, "a-b")), "x-c", "t", now, 0).0,
            max
        );
        assert_eq!(
            revise(Some(&record(u32::MAX, "a-b")), "a-b", "t", now, 0).0,
            max
        );
        // Who changed, not the text (an id, which no line shows): kept, both.
        assert_eq!(
            revise(Some(&same), "y-b", "t", now, floor),
            (3, "20261126T120000Z".to_string())
        );
        assert_eq!(
            revise(Some(&record(3, "y-")), "x-", "t", now, floor).0,
            1_000
        );
        // The title changed, not who or when: one up.
        let titled = Revision {
            summary: Some("t".into()),
            ..record(3, "a-b")
        };
        assert_eq!(revise(Some(&titled), "a-c", "t", now, floor).0, 3);
        assert_eq!(revise(Some(&titled), "a-c", "u", now, floor).0, 1_000);
        // An older pipebook's event without a fingerprint rises too.
        assert_eq!(revise(Some(&record(7, "")), "a-b", "t", now, 0).0, 8);
    }
}
