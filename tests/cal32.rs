//! Session 32: calendars that people subscribe to stay true in their apps. A personal
//! feed never disappears while its engineer is on the team (an app keeps the shifts it
//! last read from a feed that is gone); imported time off is days of the rotation's zone,
//! ends where its event ends and skips cancelled events, and Outlook's Windows zone names
//! (`India Standard Time`) are read as the zones they name; no name is blank; two sites
//! under one host share no UID.

mod common;

use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

fn build(root: &Path, epoch: u64) {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

/// The UIDs of the events of a feed, which the `ical` crate must read as one calendar.
fn uids(feed: &Path) -> Vec<String> {
    let text = read(feed);
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let cal = parser.next().expect("a calendar").expect("it parses");
    assert!(
        parser.next().is_none(),
        "one calendar in {}",
        feed.display()
    );
    cal.events
        .iter()
        .flat_map(|e| e.properties.iter())
        .filter(|p| p.name == "UID")
        .filter_map(|p| p.value.clone())
        .collect()
}

/// An engineer taken out of the rotation (still on the team, owning no pipeline): their
/// feed was no longer written, so the apps subscribed to it got "not found" and kept
/// showing the shifts it last held, none of which are theirs now. The feed stays, with
/// no event, and the apps drop the shifts.
#[test]
fn a_feed_whose_engineer_leaves_the_rotation_is_emptied_not_removed() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    std::fs::write(
        &team,
        read(&team) + "  - id: de5\n    name: Data Engineer 5\n",
    )
    .unwrap();
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de3, de4, de5]",
    );
    build(root, T0);
    let feed = root.join("public/oncall/de5.ics");
    let before = uids(&feed);
    assert!(before.len() > 10, "{before:?}");

    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4, de5]",
        "order: [de1, de2, de3, de4]",
    );
    build(root, T0 + DAY);
    assert!(feed.is_file(), "de5's feed is gone");
    assert_eq!(uids(&feed), Vec::<String>::new());
    let text = read(&feed);
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"),
        "{text}"
    );
    // No page links a feed without events: there is nothing to subscribe to yet.
    let page = read(&root.join("public/engineers/de5/index.html"));
    assert!(!page.contains("oncall/de5.ics"), "{page}");
}

/// The events of a feed as (UID, DTSTART, DTEND) for the UIDs starting with `prefix`.
fn spans(feed: &Path, prefix: &str) -> Vec<(String, String, String)> {
    let text = read(feed).replace("\r\n ", "");
    let mut out = Vec::new();
    for e in text.split("BEGIN:VEVENT\r\n").skip(1) {
        let prop = |name: &str| {
            e.split("\r\n")
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    (k.split(';').next() == Some(name)).then(|| v.to_string())
                })
                .unwrap_or_default()
        };
        if prop("UID").starts_with(prefix) {
            out.push((prop("UID"), prop("DTSTART"), prop("DTEND")));
        }
    }
    out.sort();
    out
}

/// Builds the example site with `ics` as de1's time-off calendar `calendars/<name>`.
fn build_with_de1_time_off(root: &Path, name: &str, ics: &str) -> std::process::Output {
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(root.join("content/calendars").join(name), ics).unwrap();
    let oncall = root.join("content/oncall.yaml");
    std::fs::write(
        &oncall,
        read(&oncall) + &format!("calendars:\n  time_off: {{ de1: [calendars/{name}] }}\n"),
    )
    .unwrap();
    build_ok(root)
}

/// The days de3 backs up unit-level-profit while de1 is away, in the rotation's zone: the
/// first day and the day after the last of each absence, each event of its own UID.
fn backup_days(root: &Path) -> Vec<(String, String)> {
    let prefix = "backup-unit-level-profit-away-";
    (spans(&root.join("public/oncall/de3.ics"), prefix).into_iter())
        .map(|(uid, from, to)| {
            let want = format!("{prefix}{from}.de3@pipebook-example.netlify.app");
            assert_eq!(uid, want);
            (from, to)
        })
        .collect()
}

/// A PTO export's timed events are days in the rotation's time zone (New York here), and
/// an event ends when its DTEND says, not a day after: a trip to Monday 00:00 was a day
/// longer; a UTC time late in the evening, or an Indian office's morning, fell on the
/// next day; an event of a DURATION (RFC 5545's other way to end one) lasted one day.
/// The backup while de1 is away has each absence's days.
#[test]
fn timed_time_off_is_read_in_the_rotation_zone_and_ends_where_it_ends() {
    let site = example_site();
    let root = site.path();
    let ev = |when: &str| {
        format!("BEGIN:VEVENT\r\nUID:{when}\r\nDTSTAMP:20260101T000000Z\r\n{when}SUMMARY:Away\r\nEND:VEVENT\r\n")
    };
    let events = [
        // Monday 09:00 EST to the next Monday 00:00 EST: 23 to 29 November.
        "DTSTART:20261123T140000Z\r\nDTEND:20261130T050000Z\r\n",
        // 22:00 to 23:00 on Monday 14 December in New York.
        "DTSTART:20261215T030000Z\r\nDTEND:20261215T040000Z\r\n",
        // 08:00 to 10:00 in Kolkata, 21:30 to 23:30 on 3 January in New York.
        "DTSTART;TZID=Asia/Kolkata:20270104T080000\r\nDTEND;TZID=Asia/Kolkata:20270104T100000\r\n",
        // Three whole days.
        "DTSTART;VALUE=DATE:20270201\r\nDURATION:P3D\r\n",
        // Two days and a half from Wednesday noon: to Friday midnight, 3 and 4 March.
        "DTSTART:20270303T120000\r\nDURATION:P1DT12H\r\n",
    ];
    let body: String = events.iter().map(|e| ev(e)).collect();
    let ics =
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n");
    build_with_de1_time_off(root, "de1-pto.ics", &ics);
    let want = [
        ("20261123", "20261130"),
        ("20261214", "20261215"),
        ("20270103", "20270104"),
        ("20270201", "20270204"),
        ("20270303", "20270305"),
    ];
    let want: Vec<_> = want.map(|(a, b)| (a.to_string(), b.to_string())).into();
    assert_eq!(backup_days(root), want);
}

/// A name that is empty or only spaces showed as nothing: `On call: ` in every shift of
/// the feeds, `Backup for : Labor Day`, a calendar called `: on call`. Each is an error at
/// its line; so is a holiday calendar's blank SUMMARY, which names the holiday "Holiday".
#[test]
fn blank_names_are_refused_at_their_line() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: \"\"",
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 2",
        "name: \"   \"",
    );
    edit(
        root,
        "content/oncall.yaml",
        "name: \"Labor Day\"",
        "name: \" \"",
    );
    edit(
        root,
        "content/pipelines.yaml",
        "name: Unit-level profit",
        "name: \"\\t\"",
    );
    edit(
        root,
        "content/site.yaml",
        "title: Data Engineering Operations",
        "title: \"\"",
    );
    let out = pipebook(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (file, needle) in [
        ("content/team.yaml", "name: \"\""),
        ("content/team.yaml", "name: \"   \""),
        ("content/oncall.yaml", "name: \" \""),
        ("content/pipelines.yaml", "name: \"\\t\""),
        ("content/site.yaml", "title: \"\""),
    ] {
        let text = read(&root.join(file));
        let line = text[..text.find(needle).unwrap()].matches('\n').count() + 1;
        let at = format!("{file}:{line}:");
        assert!(
            err.lines().any(|l| l.contains(&at)) && err.contains("is empty"),
            "{at}: {err}"
        );
    }

    // A holiday calendar's event with a blank SUMMARY is a holiday named "Holiday".
    let site = example_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(
        root.join("content/calendars/h.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261207\r\nSUMMARY:  \r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let oncall = root.join("content/oncall.yaml");
    std::fs::write(
        &oncall,
        read(&oncall) + "calendars:\n  holidays: [calendars/h.ics]\n",
    )
    .unwrap();
    build_ok(root);
    let feed = read(&root.join("public/oncall/de3.ics"));
    assert!(
        feed.contains("SUMMARY:Backup for Unit-level profit: Holiday\r\n"),
        "{feed}"
    );
}

/// Two teams' sites under one host (`https://ops.example/data/` and `.../platform/`, as
/// on GitHub Pages or a company's docs host) gave their events the same UIDs
/// (`shift-48@ops.example`): someone subscribed to both has one UID for two events, which
/// calendar apps that key events by UID show as one. A base URL's path is part of its
/// UIDs; a site at the root keeps the UIDs it had.
#[test]
fn sites_under_one_host_have_their_own_uids() {
    let team_uids = |base: &str| {
        let site = example_site();
        let root = site.path();
        edit(
            root,
            "content/site.yaml",
            "base_url: https://pipebook-example.netlify.app/",
            &format!("base_url: {base}"),
        );
        // The example's alert rules link its own address.
        edit(root, "content/site.yaml", "alert_rules:", "# alert_rules:");
        build_ok(root);
        uids(&root.join("public/oncall.ics"))
    };
    let data = team_uids("https://ops.example/data/");
    let platform = team_uids("https://ops.example/platform");
    assert!(data.len() > 50, "{data:?}");
    let shared: Vec<&String> = data.iter().filter(|u| platform.contains(u)).collect();
    assert!(shared.is_empty(), "{shared:?}");
    assert!(
        data.contains(&"shift-47@ops.example/data".to_string()),
        "{data:?}"
    );
    let root = team_uids("https://Ops.Example:443/");
    assert!(
        root.contains(&"shift-47@ops.example".to_string()),
        "{root:?}"
    );
}

/// A cancelled event (`STATUS:CANCELLED`: a trip called off, still in the PTO export;
/// Google and Outlook keep cancelled occurrences in their exports) was time off all the
/// same, and a cancelled holiday a holiday. Neither counts now.
#[test]
fn cancelled_events_of_a_calendar_are_not_time_off_or_holidays() {
    let site = example_site();
    let root = site.path();
    let cal = |status: &str, summary: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261210\r\n{status}SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    };
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    let write = |name: &str, text: String| {
        std::fs::write(root.join("content/calendars").join(name), text).unwrap()
    };
    write("pto.ics", cal("STATUS:CANCELLED\r\n", "Trip"));
    write("h.ics", cal("STATUS:CANCELLED\r\n", "Founders Day"));
    let oncall = root.join("content/oncall.yaml");
    let yaml = read(&oncall);
    std::fs::write(
        &oncall,
        format!("{yaml}calendars:\n  holidays: [calendars/h.ics]\n  time_off: {{ de1: [calendars/pto.ics] }}\n"),
    )
    .unwrap();
    build_ok(root);
    let feed = read(&root.join("public/oncall/de3.ics"));
    assert!(!feed.contains("-20261207."), "{feed}");
    assert!(!feed.contains("Founders Day"), "{feed}");
    // Confirmed (or no STATUS), both count.
    write("pto.ics", cal("STATUS:CONFIRMED\r\n", "Trip"));
    write("h.ics", cal("", "Founders Day"));
    build_ok(root);
    let feed = read(&root.join("public/oncall/de3.ics"));
    assert!(
        feed.contains("backup-unit-level-profit-away-20261207.de3@"),
        "{feed}"
    );
    assert!(feed.contains("Founders Day"), "{feed}");
}

/// A VTIMEZONE as Outlook writes one (the rules are Windows' own; pipebook reads the name).
/// Its offsets: standard time's, then daylight time's if it has one.
fn vtimezone(name: &str, offsets: &[&str]) -> String {
    let part = |(kind, to): (&str, &&str)| {
        format!("BEGIN:{kind}\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:{to}\r\nTZOFFSETTO:{to}\r\nEND:{kind}\r\n")
    };
    let parts: String = ["STANDARD", "DAYLIGHT"]
        .into_iter()
        .zip(offsets)
        .map(part)
        .collect();
    format!("BEGIN:VTIMEZONE\r\nTZID:{name}\r\n{parts}END:VTIMEZONE\r\n")
}

/// Outlook's `India Standard Time` morning of 4 January is the evening of 3 January in
/// New York, and `W. Europe Standard Time` 02:00 on 14 December is 13 December there: both
/// were read as written, a day late. A zone of Outlook's own is read at its VTIMEZONE's
/// offset when it has one all year (noon at +09:00 is 22:00 the day before in New York);
/// with daylight saving, which pipebook does not work out, as written, with a warning at
/// the line that names it.
#[test]
fn outlook_zone_names_are_read_as_the_zones_they_name() {
    let site = example_site();
    let root = site.path();
    let ev = |uid: &str, when: &str| {
        format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n{when}SUMMARY:Away\r\nEND:VEVENT\r\n")
    };
    let text = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nMETHOD:PUBLISH\r\n".to_string(),
        vtimezone("India Standard Time", &["+0530"]),
        vtimezone("W. Europe Standard Time", &["+0100", "+0200"]),
        vtimezone("Customized Time Zone", &["+0100", "+0200"]),
        vtimezone("Customized Time Zone 1", &["+0900"]),
        ev("a", "DTSTART;TZID=India Standard Time:20270104T080000\r\nDTEND;TZID=India Standard Time:20270104T100000\r\n"),
        ev("b", "DTSTART;TZID=\"W. Europe Standard Time\":20261214T020000\r\nDTEND;TZID=\"W. Europe Standard Time\":20261214T040000\r\n"),
        ev("c", "DTSTART;TZID=Customized Time Zone:20270210T120000\r\nDTEND;TZID=Customized Time Zone:20270210T130000\r\n"),
        ev("d", "DTSTART;TZID=Customized Time Zone:20270217T120000\r\nDTEND;TZID=Customized Time Zone:20270217T130000\r\n"),
        ev("e", "DTSTART;TZID=Customized Time Zone 1:20270224T120000\r\nDTEND;TZID=Customized Time Zone 1:20270224T130000\r\n"),
        "END:VCALENDAR\r\n".to_string(),
    ]
    .concat();
    let out = build_with_de1_time_off(root, "de1-outlook.ics", &text);
    let want = [
        ("20261213", "20261214"),
        ("20270103", "20270104"),
        ("20270210", "20270211"),
        ("20270217", "20270218"),
        ("20270223", "20270224"),
    ];
    let want: Vec<_> = want.map(|(a, b)| (a.to_string(), b.to_string())).into();
    assert_eq!(backup_days(root), want);
    // One warning for the zone, at the first line naming it, however many events use it.
    let line = 1 + text[..text.find("DTSTART;TZID=Customized").unwrap()]
        .matches('\n')
        .count();
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let warned: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].starts_with("warning: ") && lines[i].contains("`Customized Time Zone`")
        })
        .collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(!err.contains("Customized Time Zone 1"), "{err}");
    let at = format!("--> content/calendars/de1-outlook.ics:{line}:14");
    assert!(
        lines.get(warned[0] + 1).is_some_and(|l| l.trim() == at),
        "{err}"
    );
}
