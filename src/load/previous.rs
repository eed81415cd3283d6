//! The calendar feeds of the previous build, read back from the output folder.
//!
//! A static build has no memory, but the site it replaces does: its feeds say which
//! revision each event was at. Reading them lets the new feeds raise `SEQUENCE` and set
//! `LAST-MODIFIED` exactly for the events whose content changed. On Netlify, keep the
//! output folder between builds (the build cache) to carry this across deploys; without a
//! previous site every event starts at `SEQUENCE:0`.

use std::fs;
use std::path::Path;

use crate::model::{Revision, Revisions};

/// Revisions of every event in `output/oncall.ics` and `output/oncall/*.ics`. Missing or
/// unreadable feeds are simply absent: they only mean there is nothing to carry forward.
pub fn revisions(output: &Path) -> Revisions {
    let mut found = Revisions::new();
    let mut feeds = vec![output.join("oncall.ics")];
    if let Ok(dir) = fs::read_dir(output.join("oncall")) {
        let mut more: Vec<_> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ics"))
            .collect();
        more.sort();
        feeds.extend(more);
    }
    for path in feeds {
        if let Ok(text) = fs::read_to_string(&path) {
            parse(&text, &mut found);
        }
    }
    found
}

/// Reads UID, SEQUENCE, LAST-MODIFIED and X-PIPEBOOK-REVISION of each VEVENT.
fn parse(text: &str, found: &mut Revisions) {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut uid = None;
    let mut sequence = 0;
    let mut last_modified = None;
    let mut fingerprint = None;
    for line in unfolded.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name {
            "BEGIN" if value == "VEVENT" => {
                uid = None;
                sequence = 0;
                last_modified = None;
                fingerprint = None;
            }
            "UID" => {
                uid = Some(
                    value
                        .replace("\\,", ",")
                        .replace("\\;", ";")
                        .replace("\\\\", "\\"),
                )
            }
            "SEQUENCE" => sequence = value.trim().parse().unwrap_or(0),
            "LAST-MODIFIED" => last_modified = Some(value.trim().to_string()),
            "X-PIPEBOOK-REVISION" => fingerprint = Some(value.trim().to_string()),
            "END" if value == "VEVENT" => {
                if let (Some(uid), Some(fingerprint)) = (uid.take(), fingerprint.take()) {
                    found.insert(
                        uid,
                        Revision {
                            sequence,
                            last_modified: last_modified.take(),
                            fingerprint,
                        },
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_revisions_of_events() {
        let feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:shift-4@ho\r\n st\r\nSEQUENCE:2\r\nLAST-MODIFIED:20261126T120000Z\r\nX-PIPEBOOK-REVISION:ab12\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:no-fingerprint@host\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut found = Revisions::new();
        parse(feed, &mut found);
        assert_eq!(found.len(), 1);
        let r = &found["shift-4@host"];
        assert_eq!(r.sequence, 2);
        assert_eq!(r.last_modified.as_deref(), Some("20261126T120000Z"));
        assert_eq!(r.fingerprint, "ab12");
    }
}
