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
