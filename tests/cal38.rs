//! Session 38: calendar feeds that must not churn, a fourth round: how long a former
//! engineer's feed is kept, ...

mod common;

use std::collections::BTreeMap;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// An engineer taken off the team who had no event (on the team, out of the rotation,
/// no backup duty): on main their feed went at the very build that took them off, as the
/// team feed remembered no event of theirs, so its subscribers got "not found" at once
/// (`public/oncall/de5.ics` missing a day later). It is now kept, empty, until the end of
/// the published weeks of the build they left at (52 weeks ahead in the example), and
/// then goes: bounded, without anything of it left in the team feed.
#[test]
fn a_former_engineer_s_feed_stays_until_their_last_published_week_then_goes() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let with_de5 = read(&team) + "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, &with_de5).unwrap();
    assert!(build_at(root, T0).status.success());
    let feed = root.join("public/oncall/de5.ics");
    assert!(!read(&feed).contains("BEGIN:VEVENT"));

    std::fs::write(
        &team,
        with_de5.replace("  - id: de5\n    name: Data Engineer 5\n", ""),
    )
    .unwrap();
    for day in [1, 2, 30, 200, 360] {
        assert!(build_at(root, T0 + day * DAY).status.success());
        assert!(feed.is_file(), "day {day}: de5.ics is gone");
        let text = read(&feed).replace("\r\n ", "");
        assert!(text.contains("no longer on the team"), "day {day}: {text}");
        assert!(!text.contains("BEGIN:VEVENT"), "day {day}: {text}");
    }
    // The example publishes 52 weeks ahead: day 1's build kept it until day 365.
    assert!(build_at(root, T0 + 366 * DAY).status.success());
    assert!(!feed.exists(), "de5.ics is kept for ever");
    let team_feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    assert!(!team_feed.contains(".de5@"), "{team_feed}");
}

/// The warnings of a build of `root` at T0 that name an override, as `file:line message`.
fn override_warnings(root: &std::path::Path) -> Vec<String> {
    problems(&warnings_at(root, T0))
        .into_iter()
        .filter(|p| p.contains("override of"))
        .collect()
}

/// An override a century long (`to: 2126-…`, a year's typo) put one engineer on call for
/// every shift of the published weeks and wrote an event to 2126 in every feed, and one
/// a year before the rotation (`from: 2025-…`) showed someone on call before anyone was:
/// on main neither said a word (no warning naming an override). Each is now a warning at
/// its value; an override of two days says nothing.
#[test]
fn an_override_a_century_long_or_before_the_rotation_is_a_warning_at_its_line() {
    let site = example_site();
    let root = site.path();
    let fine = "overrides:\n  - { from: \"2026-12-24 18:00\", to: \"2026-12-26 09:00\", engineer: de2, reason: \"de1 travels\" }\n";
    let oncall = root.join("content/oncall.yaml");
    let text = read(&oncall);
    std::fs::write(&oncall, format!("{text}{fine}")).unwrap();
    assert_eq!(override_warnings(root), Vec::<String>::new());

    let wrong = "overrides:
  - { from: \"2026-12-24 18:00\", to: \"2126-12-26 09:00\", engineer: de2, reason: \"de1 travels\" }
  - { from: \"2025-12-20 09:00\", to: \"2025-12-22 09:00\", engineer: de3, reason: \"cover\" }
";
    std::fs::write(&oncall, format!("{text}{wrong}")).unwrap();
    let line = text.lines().count() + 2;
    let warnings = override_warnings(root);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with(&format!("content/oncall.yaml:{line}"))
            && warnings[0].contains("override of `de2` lasts 36525 days (2026-12-24 18:00 to 2126-12-26 09:00), longer than a year"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with(&format!("content/oncall.yaml:{}", line + 1))
            && warnings[1].contains("override of `de3` starts (2025-12-20 09:00) before the rotation's first handoff (2026-01-05 09:00)"),
        "{warnings:?}"
    );
}

/// Every event of every feed in `public`: (feed, UID) -> SEQUENCE, and how many of the
/// events' texts name `host` (their UIDs aside).
fn events(public: &std::path::Path, host: &str) -> (BTreeMap<(String, String), String>, usize) {
    let mut found = BTreeMap::new();
    let mut naming = 0;
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let get = |p: &str| {
                let line = event.split("\r\n").find_map(|l| l.strip_prefix(p));
                line.unwrap_or_else(|| panic!("{name}: no {p} in {event}"))
                    .to_string()
            };
            found.insert((name.clone(), get("UID:")), get("SEQUENCE:"));
            let uid = format!("UID:{}", get("UID:"));
            naming += usize::from(event.replace(&uid, "").contains(host));
        }
    }
    (found, naming)
}

/// Moves the example in `root` from its domain to `ops.example.org`: site.yaml's
/// `base_url` and the alert rules' links to it.
fn move_domain(root: &std::path::Path) {
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let path = entry.unwrap().into_path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if text.contains("pipebook-example.netlify.app") {
            let moved = text.replace("pipebook-example.netlify.app", "ops.example.org");
            std::fs::write(&path, moved).unwrap();
        }
    }
}

/// A domain move: site.yaml's `base_url` changed, production's own build. On main every
/// `UID` carried the host (`shift-48@pipebook-example.netlify.app`), so all 236 events of
/// the example's feeds got new ones (`@ops.example.org`) and every subscriber's app
/// deleted and added them again, reminders and all (0 of 236 kept). Now the team feed
/// says under which host production's UIDs are (`X-PIPEBOOK-UIDS`) and a domain move
/// keeps it: every event keeps its UID and SEQUENCE, and its text links the new domain.
#[test]
fn a_domain_move_keeps_every_uid_and_sequence() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let (before, _) = events(&public, "ops.example.org");
    assert!(before.len() > 200, "{}", before.len());
    move_domain(root);
    assert!(build_at(root, T0 + DAY).status.success());
    let (after, naming) = events(&public, "https://ops.example.org/oncall/");
    let kept = (after.iter())
        .filter(|(k, v)| before.get(*k) == Some(v))
        .count();
    assert_eq!((kept, after.len()), (before.len(), before.len()));
    assert!(naming > 150, "{naming}");
    assert_eq!(events(&public, "pipebook-example.netlify.app").1, 0);
    // And again a week on: the UIDs stay under the first host.
    assert!(build_at(root, T0 + 8 * DAY).status.success());
    let (later, _) = events(&public, "ops.example.org");
    let kept = later.keys().filter(|k| before.contains_key(k)).count();
    assert!(kept + 6 >= later.len(), "{kept} of {}", later.len());
}

/// A domain move's build over production's output: on main (since session 37 took an
/// output of another base for a deploy preview's) the addresses it had published were not
/// compared, so a runbook removed in the same change went without a word and its links
/// broke. A production build over a production output of another base is a domain move
/// and is checked ("moved without a redirect", exit 1); a preview's output still is not.
#[test]
fn a_domain_move_still_checks_moved_addresses() {
    let site = example_site();
    let root = site.path();
    let page = root.join("content/runbooks/growth/backfill.md");
    std::fs::write(&page, "---\ntitle: Backfill\n---\n\nRun it.\n").unwrap();
    assert!(build_at(root, T0).status.success());
    std::fs::remove_file(&page).unwrap();
    move_domain(root);
    let out = build_at(root, T0 + DAY);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("moved without a redirect") && err.contains("runbooks/growth/backfill/"),
        "{err}"
    );
}
