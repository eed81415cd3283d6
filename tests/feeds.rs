//! The calendar feeds follow RFC 5545 strictly, keep their UIDs across builds and swaps,
//! and agree with the pages and `oncall.json`.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use common::*;

type Event = ical::parser::ical::component::IcalEvent;

/// Checks every rule of a strict feed line by line, then parses it with the `ical` crate.
fn check_feed(path: &Path) -> Vec<Event> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    // Folding: at most 75 octets a line, never inside a UTF-8 character.
    for line in bytes.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "fold inside a UTF-8 character"
        );
    }
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    for required in [
        "VERSION:2.0",
        "PRODID:",
        "X-WR-CALNAME:",
        "NAME:",
        "REFRESH-INTERVAL;VALUE=DURATION:",
        "X-PUBLISHED-TTL:",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(required)),
            "no {required}"
        );
    }
    assert!(!unfolded.contains("TZID"), "TZID without VTIMEZONE");
    for l in &lines {
        let (name, value) = l.split_once(':').unwrap();
        if [
            "SUMMARY",
            "DESCRIPTION",
            "X-WR-CALNAME",
            "NAME",
            "X-WR-CALDESC",
        ]
        .contains(&name)
        {
            let mut chars = value.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => assert!(
                        matches!(chars.next(), Some('\\' | ';' | ',' | 'n' | 'N')),
                        "bad escape in {l}"
                    ),
                    ';' | ',' => panic!("unescaped {c} in {l}"),
                    _ => {}
                }
            }
        }
    }
    // Every event has UID, DTSTAMP in UTC, UTC or all-day times, and is transparent.
    let mut uids = HashSet::new();
    for block in unfolded.split("BEGIN:VEVENT\r\n").skip(1) {
        let block = &block[..block.find("END:VEVENT").unwrap()];
        let get = |p: &str| {
            block
                .lines()
                .find(|l| l.starts_with(p))
                .map(|l| l.trim_end().to_string())
        };
        let uid = get("UID:").expect("UID");
        assert!(uids.insert(uid.clone()), "duplicate {uid}");
        let stamp = get("DTSTAMP:").expect("DTSTAMP");
        assert!(
            stamp.ends_with('Z') && stamp.len() == "DTSTAMP:20261126T120000Z".len(),
            "{stamp}"
        );
        for p in ["DTSTART", "DTEND"] {
            let l = get(p).unwrap_or_else(|| panic!("no {p}"));
            assert!(
                (l.starts_with(&format!("{p}:")) && l.ends_with('Z'))
                    || l.starts_with(&format!("{p};VALUE=DATE:")),
                "{l}"
            );
        }
        assert_eq!(get("TRANSP:").as_deref(), Some("TRANSP:TRANSPARENT"));
        assert!(get("SUMMARY:").is_some() && get("SEQUENCE:").is_some());
    }
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("ical parses it");
    assert!(parser.next().is_none());
    assert_eq!(cal.events.len(), uids.len());
    cal.events
}

fn value(e: &Event, name: &str) -> String {
    e.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

fn build_at(root: &Path, epoch: &str) -> std::process::Output {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

#[test]
fn example_feeds_are_strict_and_complete() {
    let site = example_site();
    build_ok(site.path());
    let public = site.path().join("public");
    let team = check_feed(&public.join("oncall.ics"));
    assert!(team.len() >= 56, "{} events", team.len());
    let current = team
        .iter()
        .find(|e| value(e, "DTSTART") == "20261123T140000Z")
        .unwrap();
    // Thanksgiving 2026 is de4's turn (src/schedule/turns.rs), swapped with de4's week after.
    assert_eq!(value(current, "SUMMARY"), "On call: Data Engineer 4");
    assert_eq!(
        value(current, "UID"),
        "shift-46@pipebook-example.netlify.app"
    );
    let description = value(current, "DESCRIPTION");
    assert!(description.contains("Thanksgiving Day"), "{description}");
    assert!(
        description.contains("Backups: Aggregate engagement: Data Engineer 4"),
        "{description}"
    );
    assert!(
        description.contains("Unit-level profit: Data Engineer 3."),
        "{description}"
    );
    assert!(
        description.contains("https://pipebook-example.netlify.app/oncall/"),
        "{description}"
    );
    // A holiday swap says why.
    let swapped: Vec<&Event> = team
        .iter()
        .filter(|e| value(e, "DESCRIPTION").contains("holiday duty rotates"))
        .collect();
    assert!(!swapped.is_empty());
    // A first build: every event at the build's floor, stamped with the build's clock.
    let floor = sequence_floor(EPOCH.parse().unwrap()).to_string();
    assert!(team.iter().all(|e| value(e, "SEQUENCE") == floor
        && value(e, "LAST-MODIFIED") == "20261126T120000Z"
        && value(e, "DTSTAMP") == "20261126T120000Z"));
    // Two fingerprints: who and when (SEQUENCE), and the whole text (LAST-MODIFIED).
    assert!(team
        .iter()
        .all(|e| value(e, "X-PIPEBOOK-REVISION").len() == 33));

    let mut shifts = 0;
    for id in ["de1", "de2", "de3", "de4"] {
        let events = check_feed(&public.join(format!("oncall/{id}.ics")));
        let name = format!("Data Engineer {}", &id[2..]);
        let (on_call, rest): (Vec<&Event>, Vec<&Event>) = events
            .iter()
            .partition(|e| value(e, "SUMMARY").starts_with("On call"));
        let (second, backups): (Vec<&Event>, Vec<&Event>) = rest
            .into_iter()
            .partition(|e| value(e, "SUMMARY").starts_with("Secondary on call"));
        assert!(on_call
            .iter()
            .all(|e| value(e, "SUMMARY") == format!("On call: {name}")));
        shifts += on_call.len();
        // A reminder a day before each shift (the default), none on other events.
        for e in &events {
            let text = read(&public.join(format!("oncall/{id}.ics"))).replace("\r\n ", "");
            let uid = value(e, "UID");
            let block = &text[text.find(&format!("UID:{uid}")).unwrap()..];
            let block = &block[..block.find("END:VEVENT").unwrap()];
            let alarm = block.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n")
                && block.contains("TRIGGER:-PT24H\r\nEND:VALARM");
            assert_eq!(alarm, value(e, "SUMMARY").starts_with("On call"), "{uid}");
        }
        // Secondary on call: an event per team event that names this engineer second.
        let named = read(&public.join("oncall.ics"))
            .replace("\r\n ", "")
            .matches(&format!("Secondary on call: {name} (paged"))
            .count();
        assert_eq!(second.len(), named, "{id}");
        assert!(!second.is_empty(), "{id}");
        assert!(second
            .iter()
            .all(|e| value(e, "SUMMARY") == format!("Secondary on call: {name}")));
        // Secondary owners have an all-day backup event per holiday and pipeline.
        for b in &backups {
            assert!(
                value(b, "SUMMARY").starts_with("Backup for "),
                "{}",
                value(b, "SUMMARY")
            );
            assert!(b
                .properties
                .iter()
                .any(|p| p.name == "DTSTART" && p.params.is_some()));
        }
        let secondary_of = match id {
            "de1" => 1,
            "de2" => 1,
            "de3" => 1,
            _ => 2,
        };
        let holidays = team
            .iter()
            .filter(|e| value(e, "DESCRIPTION").contains("Holiday "))
            .count();
        assert!(
            backups.len() >= secondary_of * (holidays - 1),
            "{id}: {} backups",
            backups.len()
        );
        assert!(backups
            .iter()
            .any(|b| value(b, "SUMMARY").contains("Thanksgiving Day")));
    }
    assert_eq!(shifts, team.len(), "personal feeds partition the team feed");
}

/// On-call instants of a built site: DTSTART to engineer, from the team feed.
fn slots(public: &Path) -> BTreeMap<String, (String, String, String)> {
    check_feed(&public.join("oncall.ics"))
        .iter()
        .map(|e| {
            (
                value(e, "UID"),
                (
                    value(e, "DTSTART"),
                    value(e, "SUMMARY"),
                    value(e, "SEQUENCE"),
                ),
            )
        })
        .collect()
}

#[test]
fn uids_are_stable_across_builds_and_swaps() {
    let site = example_site();
    let root = site.path();
    build_at(root, EPOCH);
    let first = slots(&root.join("public"));
    // A week later: the same slots keep their UIDs and start times.
    build_at(root, "1796299200");
    let later = slots(&root.join("public"));
    let common: Vec<&String> = first.keys().filter(|k| later.contains_key(*k)).collect();
    assert!(common.len() > 50);
    for uid in &common {
        // Same slot, same start, same engineer; the description may gain holidays and
        // backups that entered the horizon, and then its SEQUENCE rises.
        assert_eq!(
            (&first[*uid].0, &first[*uid].1),
            (&later[*uid].0, &later[*uid].1),
            "{uid}"
        );
    }
    // Back to the first clock, then Data Engineer 1 takes time off during slot 48 (Mon 7
    // Dec): the slot changes hands, its UID stays, its summary and SEQUENCE change, and no
    // event is added; events whose content did not change keep their revision.
    build_at(root, EPOCH);
    let baseline = slots(&root.join("public"));
    // The reason is shown below: this site publishes reasons (they are private by default).
    let site_yaml = root.join("content/site.yaml");
    let text = read(&site_yaml);
    std::fs::write(
        &site_yaml,
        format!("{text}publish_time_off_reasons: true\n"),
    )
    .unwrap();
    edit(
        root,
        "content/team.yaml",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n    time_off:\n      - { from: 2026-12-08, to: 2026-12-10, reason: \"Dentist, then rest; back Friday\" }\n",
    );
    build_at(root, EPOCH);
    let swapped = slots(&root.join("public"));
    assert_eq!(swapped.len(), first.len(), "no event added or lost");
    let uid = "shift-48@pipebook-example.netlify.app".to_string();
    let mut changed = 0;
    let risen = (sequence_floor(EPOCH.parse().unwrap()) + 1).to_string();
    for (k, (start, summary, seq)) in &baseline {
        let now = &swapped[k];
        assert_eq!(&now.0, start, "{k}");
        if &now.1 == summary {
            assert_eq!(&now.2, seq, "{k}: unchanged events keep their SEQUENCE");
        } else {
            assert_eq!(now.2, risen, "{k}: a changed event's SEQUENCE rises");
            changed += 1;
        }
    }
    // Data Engineer 3 covers it (the engineers of the shifts beside it are Data Engineer 4
    // and 2); the shifts of theirs within 8 weeks are all holidays (21 Dec, 18 Jan, 15 Feb),
    // which are not given in return, so the cover is the only change.
    assert_eq!(changed, 1, "the covered shift");
    assert_eq!(first[&uid].1, "On call: Data Engineer 1");
    assert_ne!(swapped[&uid].1, "On call: Data Engineer 1");
    assert_eq!(first[&uid].0, swapped[&uid].0, "same slot, same start");
    assert_eq!(swapped[&uid].2, risen, "the changed event's SEQUENCE rises");
    let feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    let block = &feed[feed.find("UID:shift-48@").unwrap()..];
    let block = &block[..block.find("END:VEVENT").unwrap()];
    assert!(block.contains("LAST-MODIFIED:20261126T120000Z"), "{block}");
    // Building again without a change, a day later: nothing moves but DTSTAMP.
    build_at(root, "1795780800");
    let again = slots(&root.join("public"));
    assert_eq!(again[&uid].2, risen, "kept a day later");
    let feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    let block = &feed[feed.find("UID:shift-48@").unwrap()..];
    assert!(block[..block.find("END:VEVENT").unwrap()].contains("LAST-MODIFIED:20261126T120000Z"));
    let page = read(&root.join("public/oncall/index.html"));
    assert!(
        page.contains(
            "Data Engineer 1 is away, reason given: \u{201C}Dentist, then rest; back Friday\u{201D}"
        ),
        "reason on /oncall/"
    );
    let feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    assert!(
        feed.contains(
            "Covering for Data Engineer 1\\, who is away\\, reason given: \u{201C}Dentist\\, then rest\\; back Friday\u{201D}"
        ),
        "escaped in the feed"
    );
}

/// Every event of every feed of the site in `public`, by feed and UID: its unfolded text.
fn all_events(public: &Path) -> BTreeMap<(String, String), String> {
    let feeds = common::feed_files(public);
    let mut out = BTreeMap::new();
    for feed in feeds {
        check_feed(&feed);
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for block in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let block = &block[..block.find("END:VEVENT").unwrap()];
            let uid = block.lines().find(|l| l.starts_with("UID:")).unwrap();
            let old = out.insert((name.clone(), uid.to_string()), block.to_string());
            assert!(old.is_none(), "{name}: {uid} twice");
        }
    }
    out
}

#[test]
fn weekly_rebuilds_with_unchanged_data_change_no_event() {
    // The example site, with a long leave that runs across many builds (issue 15: the
    // backup event's UID moved with the clock) and an override.
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n",
        "    contact: { email: de1@example.com, slack: \"@de1\" }\n    time_off:\n      - { from: 2026-12-29, to: 2027-03-05 }\n",
    );
    let week = 604_800u64;
    let epoch: u64 = EPOCH.parse().unwrap();
    build_at(root, EPOCH);
    let mut before = all_events(&root.join("public"));
    // Each event at the floor of the build it entered in, kept from then on.
    let at = |epoch: u64| format!("\r\nSEQUENCE:{}\r\n", sequence_floor(epoch));
    assert!(before.values().all(|text| text.contains(&at(epoch))));
    let (mut kept, mut entered, mut left, mut away_kept) = (0, 0, 0, 0);
    for w in 1..=52 {
        build_at(root, &(epoch + w * week).to_string());
        let after = all_events(&root.join("public"));
        for (key, text) in &after {
            match before.get(key) {
                Some(old) => {
                    assert_eq!(old, text, "week {w}: {key:?} changed");
                    kept += 1;
                    away_kept += usize::from(key.1.contains("-away-"));
                }
                None => {
                    entered += 1;
                    assert!(text.contains(&at(epoch + w * week)), "week {w}: {key:?}");
                }
            }
        }
        left += before.keys().filter(|k| !after.contains_key(*k)).count();
        before = after;
    }
    // Each week one shift enters the team feed and one leaves it.
    assert!(kept > 52 * 50, "{kept} events compared");
    assert!(
        entered >= 52 && left >= 52,
        "{entered} entered, {left} left"
    );
    // The leave's backup events were compared over the weeks it was in view.
    assert!(
        away_kept >= 10,
        "{away_kept} backup events for the leave compared"
    );
}

#[test]
fn oncall_json_agrees_with_the_feed() {
    let site = example_site();
    build_ok(site.path());
    let public = site.path().join("public");
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("oncall.json"))).unwrap();
    let shifts = json["shifts"].as_array().unwrap();
    let team = check_feed(&public.join("oncall.ics"));
    let raw = read(&public.join("oncall.ics")).replace("\r\n ", "");
    assert_eq!(shifts.len(), team.len());
    for (s, e) in shifts.iter().zip(&team) {
        let start = chrono::DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap();
        assert_eq!(
            start.format("%Y%m%dT%H%M%SZ").to_string(),
            value(e, "DTSTART")
        );
        let id = s["engineer"].as_str().unwrap();
        assert_eq!(
            value(e, "SUMMARY"),
            format!("On call: Data Engineer {}", &id[2..])
        );
        // The secondary on call, in both, and never the one on call.
        // (Read from the text: the ical crate drops a space that begins a folded line.)
        let second = s["secondary"]
            .as_str()
            .expect("every shift has a secondary");
        assert_ne!(second, id);
        let uid = value(e, "UID");
        let block = &raw[raw.find(&format!("UID:{uid}")).unwrap()..];
        let block = &block[..block.find("END:VEVENT").unwrap()];
        assert!(
            block.contains(&format!(
                "Secondary on call: Data Engineer {}",
                &second[2..]
            )),
            "{block}"
        );
    }
    assert_eq!(json["timezone"], "America/New_York");
    // The next handoff, as the browser would work it out.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").unwrap();
    let at = |s: &serde_json::Value, k: &str| {
        chrono::DateTime::parse_from_rfc3339(s[k].as_str().unwrap()).unwrap()
    };
    let cur = shifts
        .iter()
        .position(|s| at(s, "start") <= now && now < at(s, "end"))
        .unwrap();
    let next = shifts[cur..]
        .iter()
        .find(|s| s["engineer"] != shifts[cur]["engineer"])
        .unwrap();
    let next_id = next["engineer"].as_str().unwrap();
    // Pages carry the build-time answer and the hook for the live one.
    for page in [
        "index.html",
        "runbooks/profit/aggregate-profit/index.html",
        "pipelines/daily-growth/index.html",
    ] {
        let html = read(&public.join(page));
        assert!(html.contains(r#"data-oncall="/oncall.json""#), "{page}");
        assert!(html.contains("static/site.js"), "{page}");
        let expected = format!(
            "Next handoff: <a href=\"/engineers/{next_id}/\">Data Engineer {}</a>",
            &next_id[2..]
        );
        assert!(html.contains(&expected), "{page}: {expected}");
        let second = shifts[cur]["secondary"].as_str().unwrap();
        let expected = format!(
            "Secondary on call: <a href=\"/engineers/{second}/\">Data Engineer {}</a>",
            &second[2..]
        );
        assert!(html.contains(&expected), "{page}: {expected}");
    }
    // The schedule's table has a secondary for every shift.
    let page = read(&public.join("oncall/index.html"));
    assert_eq!(
        page.matches("<td data-label=\"Secondary\"><a href=")
            .count(),
        shifts.len()
    );
}

#[test]
fn hostile_names_cannot_inject_properties() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 3",
        // A line break is refused in a name (validate::lengths); a backslash is escaped.
        "name: \"Eve <script>alert(1)</script>, \\\"quoted\\\"; & more\\\\SUMMARY:pwned\"",
    );
    build_ok(root);
    let feed = read(&root.join("public/oncall.ics"));
    assert!(!feed.contains("\r\nSUMMARY:pwned"), "property injected");
    let unfolded = feed.replace("\r\n ", "");
    assert!(unfolded.contains(
        r#"SUMMARY:On call: Eve <script>alert(1)</script>\, "quoted"\; & more\\SUMMARY:pwned"#
    ));
    check_feed(&root.join("public/oncall.ics"));
    let page = read(&root.join("public/oncall/index.html"));
    assert!(!page.contains("<script>alert(1)"), "escaped in HTML");
    assert!(
        page.contains("Eve &lt;script&gt;alert(1)&lt;/script&gt;, &quot;quoted&quot;; &amp; more")
    );
    let json = read(&root.join("public/oncall.json"));
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON stays valid");
}

#[test]
fn a_tampered_previous_feed_does_not_break_the_build() {
    // The previous site's feeds are read back for SEQUENCE; one edited by hand (the
    // largest SEQUENCE there is, a changed fingerprint, garbage) is no reason to fail.
    let site = example_site();
    let root = site.path();
    build_at(root, EPOCH);
    let path = root.join("public/oncall.ics");
    let feed = read(&path);
    let tampered = feed
        .split_inclusive("\r\n")
        .map(|l| match l.starts_with("SEQUENCE:") {
            true => "SEQUENCE:4294967295\r\n",
            false => l,
        })
        .collect::<String>()
        .replace("X-PIPEBOOK-REVISION:", "X-PIPEBOOK-REVISION:x")
        + "BEGIN:VEVENT\r\nSEQUENCE:-1\r\nUID\r\n:::\r\nEND:VEVENT\r\n\u{0}";
    std::fs::write(&path, tampered).unwrap();
    build_at(root, EPOCH);
    let events = check_feed(&path);
    // Continued at the largest SEQUENCE RFC 5545's INTEGER allows (was written back as
    // 4294967295, which a client storing 32 bits reads as -1).
    assert!(events.iter().all(|e| value(e, "SEQUENCE") == "2147483647"));
}

#[test]
fn reminders_follow_reminder_hours() {
    let site = example_site();
    let root = site.path();
    let yaml = root.join("content/oncall.yaml");
    let text = read(&yaml);
    std::fs::write(&yaml, format!("{text}reminder_hours: 48\n")).unwrap();
    build_ok(root);
    let feed = read(&root.join("public/oncall/de2.ics"));
    let shifts = feed.matches("SUMMARY:On call: ").count();
    assert!(shifts > 5);
    assert_eq!(feed.matches("TRIGGER:-PT48H\r\n").count(), shifts);
    check_feed(&root.join("public/oncall/de2.ics"));
    // The team feed has none: a reminder is for the one on call.
    assert!(!read(&root.join("public/oncall.ics")).contains("VALARM"));
    std::fs::write(&yaml, format!("{text}reminder_hours: 0\n")).unwrap();
    build_ok(root);
    assert!(!read(&root.join("public/oncall/de2.ics")).contains("VALARM"));
}
