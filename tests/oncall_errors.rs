//! The on-call schedule's guarantees seen from the command line: backups who are present,
//! and the errors and warnings of oncall.yaml at `file:line:col`.

mod common;

use std::path::Path;

use common::*;

fn add_time_off(root: &Path, who: &str, from: &str, to: &str) {
    let contact = format!("    contact: {{ email: {who}@example.com, slack: \"@{who}\" }}\n");
    edit(
        root,
        "content/team.yaml",
        &contact,
        &format!("{contact}    time_off:\n      - {{ from: {from}, to: {to} }}\n"),
    );
}

/// The all-day events of a feed on `date` (`20261225`): their summaries.
fn all_day(feed: &str, date: &str) -> Vec<String> {
    let text = feed.replace("\r\n ", "");
    text.split("BEGIN:VEVENT")
        .filter(|e| e.contains(&format!("DTSTART;VALUE=DATE:{date}")))
        .filter_map(|e| e.lines().find(|l| l.starts_with("SUMMARY:")))
        .map(|l| l["SUMMARY:".len()..].to_string())
        .collect()
}

#[test]
fn a_backup_who_is_away_is_replaced_by_the_other_owner() {
    // Issue 15: de4, away 23 to 28 December, still backed up on Christmas Day.
    let site = example_site();
    let root = site.path();
    add_time_off(root, "de4", "2026-12-23", "2026-12-28");
    build_ok(root);
    let de4 = read(&root.join("public/oncall/de4.ics"));
    assert!(
        all_day(&de4, "20261225").is_empty(),
        "{:?}",
        all_day(&de4, "20261225")
    );
    // Aggregate profit (de2, de4) and Aggregate engagement (de1, de4): their primary
    // owners back them up on Christmas Day.
    let de2 = all_day(&read(&root.join("public/oncall/de2.ics")), "20261225");
    assert!(
        de2.contains(&"Backup for Aggregate profit: Christmas Day".to_string()),
        "{de2:?}"
    );
    let de1 = all_day(&read(&root.join("public/oncall/de1.ics")), "20261225");
    assert!(
        de1.contains(&"Backup for Aggregate engagement: Christmas Day".to_string()),
        "{de1:?}"
    );
    let feed = read(&root.join("public/oncall/de2.ics")).replace("\r\n ", "");
    assert!(feed.contains("as its primary owner\\, as the secondary owner is away"));
}

#[test]
fn nobody_left_to_back_up_fails_at_the_holiday() {
    let site = example_site();
    let root = site.path();
    for who in ["de1", "de2", "de3"] {
        add_time_off(root, who, "2026-12-25", "2026-12-25");
    }
    let out = pipebook(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    let line = read(&root.join("content/oncall.yaml"))
        .lines()
        .position(|l| l.contains("2026-12-25"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("content/oncall.yaml:{line}:5")),
        "{err}"
    );
    assert!(
        err.contains("nobody can back up pipeline `unit-level-profit` on Fri 25 Dec 2026"),
        "{err}"
    );
    for who in [
        "Data Engineer 1 (2026-12-25 to 2026-12-25)",
        "Data Engineer 3 (2026-12-25",
    ] {
        assert!(err.contains(who), "{err}");
    }
    assert!(!root.join("public").exists(), "nothing written");
}

/// `check` on the site at `root`: its status and everything it printed.
fn check(root: &Path) -> (Option<i32>, String) {
    let o = pipebook(&["check", "--root", root.to_str().unwrap()]);
    (o.status.code(), format!("{}{}", stdout(&o), stderr(&o)))
}

/// The 1-based line of `content/oncall.yaml` holding `text` (its `nth` occurrence).
fn line_of(root: &Path, text: &str, nth: usize) -> usize {
    read(&root.join("content/oncall.yaml"))
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(text))
        .nth(nth)
        .unwrap()
        .0
        + 1
}

#[test]
fn an_engineer_twice_in_an_order_is_an_error_at_the_repeat() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de1, de4]",
    );
    let (code, out) = check(root);
    assert_eq!(code, Some(1), "{out}");
    let line = line_of(root, "order: [de1, de2, de1", 0);
    assert!(
        out.contains(&format!("content/oncall.yaml:{line}:21")),
        "{out}"
    );
    assert!(
        out.contains("`de1` is listed twice in `rotation.order` (also item 1)"),
        "{out}"
    );
}

#[test]
fn a_holiday_twice_is_an_error_at_the_repeat() {
    let site = example_site();
    let root = site.path();
    edit(
        root,
        "content/oncall.yaml",
        "  - { date: 2026-12-25, name: \"Christmas Day\" }\n",
        "  - { date: 2026-12-25, name: \"Christmas Day\" }\n  - { date: 2026-12-25, name: \"Christmas\" }\n",
    );
    let (code, out) = check(root);
    assert_eq!(code, Some(1), "{out}");
    let line = line_of(root, "2026-12-25", 1);
    assert!(
        out.contains(&format!("content/oncall.yaml:{line}:13")),
        "{out}"
    );
    assert!(
        out.contains("holiday 2026-12-25 is listed twice (`Christmas Day` and `Christmas`)"),
        "{out}"
    );
}

#[test]
fn an_override_lost_in_a_dst_gap_is_an_error() {
    // 2027-03-14 02:00 to 03:00 does not exist in New York: 02:30 is read as 03:30 EDT
    // (RFC 5545), after the override's end.
    let site = example_site();
    let root = site.path();
    let text = read(&root.join("content/oncall.yaml"));
    std::fs::write(
        root.join("content/oncall.yaml"),
        format!("{text}overrides:\n  - {{ from: \"2027-03-14 02:30\", to: \"2027-03-14 03:15\", engineer: de2, reason: swap }}\n"),
    )
    .unwrap();
    let (code, out) = check(root);
    assert_eq!(code, Some(1), "{out}");
    let line = line_of(root, "2027-03-14 02:30", 0);
    assert!(
        out.contains(&format!("content/oncall.yaml:{line}:")),
        "{out}"
    );
    assert!(
        out.contains("override 2027-03-14 02:30 to 2027-03-14 03:15 covers no time"),
        "{out}"
    );
}

/// Every link to a feed in the built pages leads to a file that was written.
fn feed_links_resolve(public: &Path) -> usize {
    let mut links = 0;
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = read(entry.path());
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            // Google's "add by URL" link holds the webcal link encoded: the same file.
            if let Some(i) = href.find("oncall").filter(|_| !href.contains('%')) {
                if href.ends_with(".ics") {
                    let path = &href[i..];
                    assert!(
                        public.join(path).is_file(),
                        "{}: {href}",
                        entry.path().display()
                    );
                    links += 1;
                }
            }
        }
    }
    links
}

#[test]
fn a_rotation_starting_past_the_horizon_warns_and_links_no_feed() {
    let site = example_site();
    let root = site.path();
    assert!(
        feed_links_resolve(&{
            build_ok(root);
            root.join("public")
        }) > 4
    );
    std::fs::remove_dir_all(root.join("public")).unwrap();
    edit(
        root,
        "content/oncall.yaml",
        "start: 2026-01-05",
        "start: 2030-01-07",
    );
    let out = build_ok(root);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    let line = line_of(root, "start: 2030-01-07", 0);
    assert!(out.status.success());
    assert!(
        text.contains(&format!("content/oncall.yaml:{line}:10")),
        "{text}"
    );
    assert!(
        text.contains(
            "the rotation starts on 2030-01-07, after the published schedule ends (2027-11-25)"
        ),
        "{text}"
    );
    assert!(!root.join("public/oncall.ics").exists());
    assert_eq!(feed_links_resolve(&root.join("public")), 0);
}

#[test]
fn a_horizon_past_the_last_holiday_warns() {
    // Issue 15: with the clock at 2027-09-01 the horizon reaches into 2028, which lists
    // no holiday.
    let site = example_site();
    let root = site.path();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["check", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1819800000")
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{text}");
    let line = line_of(root, "2027-12-24", 0);
    assert!(
        text.contains(&format!("content/oncall.yaml:{line}:13")),
        "{text}"
    );
    assert!(
        text.contains("past the last holiday listed (2027-12-24)"),
        "{text}"
    );
    // With the example's clock the horizon ends before it: no warning.
    let (code, out) = check(root);
    assert_eq!(code, Some(0));
    assert!(!out.contains("last holiday"), "{out}");
}

#[test]
fn holidays_and_time_off_come_from_calendars() {
    let site = example_site();
    let root = site.path();
    let cal = |events: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    };
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(
        root.join("content/calendars/us.ics"),
        cal("BEGIN:VEVENT\r\nUID:h1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nSUMMARY:Christmas Day\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:h2\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20280101\r\nSUMMARY:New Year's Day\r\nEND:VEVENT\r\n"),
    )
    .unwrap();
    // de3 is on call the week of Mon 7 Dec 2026; their PTO export takes them off it.
    std::fs::write(
        root.join("content/calendars/de3-pto.ics"),
        cal("BEGIN:VEVENT\r\nUID:p1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261211\r\nSUMMARY:PTO\r\nEND:VEVENT\r\n"),
    )
    .unwrap();
    let yaml = root.join("content/oncall.yaml");
    let text = read(&yaml);
    std::fs::write(
        &yaml,
        format!("{text}calendars:\n  holidays: [calendars/us.ics]\n  time_off:\n    de3: [calendars/de3-pto.ics]\n"),
    )
    .unwrap();
    build_ok(root);
    let json: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/oncall.json"))).unwrap();
    let on = |t: &str| {
        let t = chrono::DateTime::parse_from_rfc3339(t).unwrap();
        json["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| {
                chrono::DateTime::parse_from_rfc3339(s["start"].as_str().unwrap()).unwrap() <= t
                    && t < chrono::DateTime::parse_from_rfc3339(s["end"].as_str().unwrap()).unwrap()
            })
            .unwrap()["engineer"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_ne!(on("2026-12-09T17:00:00Z"), "de3");
    // The YAML already lists Christmas Day: not twice. The 2028 day is a holiday now:
    // the check at 2027-09-01 warns that the list runs out after it, at the calendars.
    let page = read(&root.join("public/oncall/index.html"));
    assert_eq!(
        page.matches("<td data-label=\"Holiday\">Christmas Day</td>")
            .count(),
        1,
        "holiday table"
    );
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["check", "--root", root.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1819800000")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("past the last holiday listed (2028-01-01)"),
        "{err}"
    );
    let line = line_of(root, "holidays: [calendars/us.ics]", 0);
    assert!(
        err.contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
}

#[test]
fn a_calendar_outside_content_or_recurring_is_refused() {
    let site = example_site();
    let root = site.path();
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(
        root.join("content/calendars/r.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let yaml = root.join("content/oncall.yaml");
    let text = read(&yaml);
    std::fs::write(
        &yaml,
        format!("{text}calendars:\n  holidays: [../../etc/x.ics, calendars/r.ics]\n"),
    )
    .unwrap();
    let (code, out) = check(root);
    assert_eq!(code, Some(1), "{out}");
    let line = line_of(root, "../../etc/x.ics", 0);
    assert!(
        out.contains(&format!("content/oncall.yaml:{line}:")),
        "{out}"
    );
    assert!(
        out.contains("calendar `../../etc/x.ics` must be an `.ics` file under content/"),
        "{out}"
    );
    assert!(out.contains("content/calendars/r.ics:3:1"), "{out}");
    assert!(out.contains("is a recurring event"), "{out}");
}

#[test]
fn the_oncall_page_is_a_calendar_with_a_row_per_shift() {
    let site = example_site();
    let root = site.path();
    build_ok(root);
    let page = read(&root.join("public/oncall/index.html"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&root.join("public/oncall.json"))).unwrap();
    let shifts = json["shifts"].as_array().unwrap();
    let rows = page.matches("<li class=\"week").count();
    // The page shows the past 4 shifts, the current one and all coming.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").unwrap();
    let shown = shifts
        .iter()
        .filter(|s| chrono::DateTime::parse_from_rfc3339(s["end"].as_str().unwrap()).unwrap() > now)
        .count()
        + 4;
    assert_eq!(rows, shown);
    // Every row names both people (colour is never the only cue) and one is current.
    assert_eq!(page.matches("<li class=\"week current").count(), 1);
    assert_eq!(page.matches("aria-label=\"Secondary: ").count(), rows);
    for id in ["de1", "de2", "de3", "de4"] {
        assert!(
            page.contains(&format!("({id})</span></li>")),
            "legend names {id}"
        );
    }
    // Holidays and swaps are marked; the table is behind a disclosure; one zone.
    assert!(page.contains("aria-label=\"holiday\">★"));
    assert!(page.contains("aria-label=\"swapped\">⇄"));
    assert!(page.contains("<details class=\"shift-table\">"));
    assert!(page.contains("data-zone=\"America/New_York\""));
    assert!(page.contains("id=\"tz-toggle\" hidden"));
}

#[test]
fn check_verbose_reports_back_to_back_shifts_and_why() {
    let site = example_site();
    let root = site.path();
    let check = || {
        let o = pipebook(&["check", "-v", "--root", root.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    // Issue 15 counted 8 two-week stints in the example's 57 weeks, each from a holiday
    // swap; holiday shifts now go by turns and their swaps avoid them.
    let out = check();
    assert!(
        out.contains("schedule: 0 back-to-back shifts in the horizon"),
        "{out}"
    );
    // Data Engineer 1 is away for the shift of Mon 7 Dec and into the next; Data Engineer 3,
    // the only one off call on both sides of it and so the first of its line, is away
    // too: Data Engineer 2 covers it next to their own shift of 14 Dec, with no shift in
    // return (only the first of a line is repaid). Data Engineer 3's absence also starts
    // on the Monday morning of the shift of 30 Nov, Data Engineer 4's, which is the one
    // shift Data Engineer 3 could take in return for Thanksgiving (Data Engineer 4's
    // turn, in Data Engineer 3's week): Data Engineer 4 keeps both.
    edit(
        root,
        "content/team.yaml",
        "    github: example-de1\n",
        "    github: example-de1\n    time_off:\n      - { from: 2026-12-08, to: 2026-12-16 }\n",
    );
    edit(
        root,
        "content/team.yaml",
        "    github: example-de3\n",
        "    github: example-de3\n    time_off:\n      - { from: 2026-12-07, to: 2026-12-13 }\n",
    );
    let out = check();
    assert!(
        out.contains("schedule: 2 back-to-back shifts in the horizon"),
        "{out}"
    );
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("two shifts in a row: "))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    let line = |who: &str, from: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("{who} on call from {from}")))
            .unwrap_or_else(|| panic!("{who} from {from}: {out}"))
    };
    let by_turn = "one is a holiday they take by turn";
    let no_choice = "nobody else was free and off call beside it";
    let turn = line("Data Engineer 4", "Mon 23 Nov 2026");
    assert!(turn.contains(by_turn) && turn.contains("no shift of theirs free to swap"));
    let covered = line("Data Engineer 2", "Mon 7 Dec 2026");
    assert!(covered.contains(no_choice) && covered.contains("Covering for Data Engineer 1"));
}
