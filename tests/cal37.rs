//! Session 37: calendar feeds whose SEQUENCE never falls when the site they replace is
//! missing (a cleared build cache) or is another site's (a deploy preview's cache).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// The last days of two coming shifts swapped: the shifts' events end earlier.
const SWAP: &str = "overrides:
  - { from: \"2026-12-11 09:00\", to: \"2026-12-14 09:00\", engineer: de3, reason: \"swap with de2\" }
  - { from: \"2026-12-18 09:00\", to: \"2026-12-21 09:00\", engineer: de2, reason: \"swap with de3\" }
";

/// Every event of every feed in `public`: (feed, UID) -> SEQUENCE.
fn sequences(public: &Path) -> BTreeMap<(String, String), u64> {
    let mut found = BTreeMap::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let get = |p: &str| {
                event
                    .split("\r\n")
                    .find_map(|l| l.strip_prefix(p))
                    .unwrap_or_else(|| panic!("{name}: no {p} in {event}"))
                    .to_string()
            };
            let sequence = get("SEQUENCE:").parse().expect("a number");
            found.insert((name.clone(), get("UID:")), sequence);
        }
    }
    found
}

/// The events whose SEQUENCE is lower in `after` than in `before`, as `feed UID: was -> is`.
fn lowered(
    before: &BTreeMap<(String, String), u64>,
    after: &BTreeMap<(String, String), u64>,
) -> Vec<String> {
    before
        .iter()
        .filter_map(|(key, &was)| {
            let &is = after.get(key)?;
            (is < was).then(|| format!("{} {}: {was} -> {is}", key.0, key.1))
        })
        .collect()
}

/// The example site built at T0, then with a swap at T0 + 1 day: the swapped shifts'
/// events rise to a higher SEQUENCE than the first build's.
fn swapped_site() -> (tempfile::TempDir, BTreeMap<(String, String), u64>) {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    let first = sequences(&root.join("public"));
    let text = read(&root.join("content/oncall.yaml"));
    std::fs::write(root.join("content/oncall.yaml"), format!("{text}{SWAP}")).unwrap();
    let out = build_at(root, T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let served = sequences(&root.join("public"));
    let raised = served
        .iter()
        .filter(|(k, s)| first.get(*k).is_some_and(|f| *s > f))
        .count();
    assert!(raised >= 2, "the swap raised {raised} events");
    (site, served)
}

/// Netlify's "Clear cache and deploy" (or a new site, or a first branch deploy) builds
/// without the previous site, so the feeds had no record of any event and wrote each at
/// SEQUENCE:0: the events a swap had raised fell back below what subscribers held, and
/// calendar apps, which keep the higher SEQUENCE, would ignore their next changes. On
/// main, 6 events fell, 1 -> 0 (the team feed's two shortened shifts, de1's and de2's
/// events of them, and their secondaries'). Each event without a record now starts at
/// the seconds from 2020 to the build's clock, above any SEQUENCE an earlier build wrote.
#[test]
fn a_lost_build_cache_lowers_no_sequence() {
    let (site, served) = swapped_site();
    let root = site.path();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    let out = build_at(root, T0 + 2 * DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let rebuilt = sequences(&root.join("public"));
    let common = served.keys().filter(|k| rebuilt.contains_key(*k)).count();
    assert!(common > 100, "{common} events compared");
    assert_eq!(lowered(&served, &rebuilt), Vec::<String>::new());

    // With the cache back, nothing churns: a rebuild keeps every event byte for byte.
    let before = snapshot(&root.join("public"));
    assert!(build_at(root, T0 + 2 * DAY + 3600).status.success());
    let after = snapshot(&root.join("public"));
    let feeds = |s: &[(std::path::PathBuf, Vec<u8>)]| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        s.iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "ics"))
            .cloned()
            .collect()
    };
    assert_eq!(feeds(&before), feeds(&after));
}

/// The lines of the team feed in `public` that remember events (`X-PIPEBOOK-RETIRED`,
/// `X-PIPEBOOK-KEPT`), unfolded.
fn memory(public: &Path) -> Vec<String> {
    read(&public.join("oncall.ics"))
        .replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| l.starts_with("X-PIPEBOOK-RETIRED:") || l.starts_with("X-PIPEBOOK-KEPT:"))
        .map(str::to_string)
        .collect()
}

/// Every event of every feed in `public`, whole: (feed, UID) -> its lines, unfolded.
fn texts(public: &Path) -> BTreeMap<(String, String), String> {
    let mut found = BTreeMap::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let uid = event
                .split("\r\n")
                .find_map(|l| l.strip_prefix("UID:"))
                .unwrap();
            found.insert((name.clone(), uid.to_string()), event.to_string());
        }
    }
    found
}

/// A deploy preview builds into the `public/` production left (Netlify keeps one build
/// cache per site), under its own host, so production's next build finds none of its
/// own events live there. The preview's team feed remembered them as retired, so on
/// main production's next build took every event back one SEQUENCE higher with a new
/// DTSTAMP (here 242 of 242 events changed), and remembered the preview's events in turn
/// (236 `X-PIPEBOOK-RETIRED` lines, 25 kB, more per preview in the example's team feed).
/// A preview now keeps production's records whole, production reads them back as its
/// own, and forgets the previews'.
#[test]
fn deploy_previews_built_into_the_cache_change_no_production_event() {
    let (site, served) = swapped_site();
    let root = site.path();
    let public = root.join("public");
    let before = texts(&public);
    let remembered = memory(&public);
    for n in 1..=3 {
        preview_at(root, n, T0 + DAY + n * 600);
        let out = build_at(root, T0 + DAY + n * 600 + 60);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let after = texts(&public);
    assert_eq!(before.len(), after.len());
    let changed: Vec<_> = before
        .iter()
        .filter(|(k, text)| after.get(*k) != Some(*text))
        .map(|(k, _)| k)
        .collect();
    assert!(
        changed.is_empty(),
        "{} of {} events changed: {changed:?}",
        changed.len(),
        before.len()
    );
    assert_eq!(memory(&public), remembered);
    // Nor does a production build from a cache the previews left lower any SEQUENCE.
    preview_at(root, 4, T0 + 2 * DAY);
    assert!(build_at(root, T0 + 2 * DAY + 60).status.success());
    assert_eq!(lowered(&served, &sequences(&public)), Vec::<String>::new());
}

/// The feed of an engineer taken off the team (or whose id changed) is kept, empty, so
/// that apps drop the shifts it showed; on main it kept saying "When de5 is on call (or
/// second on call) or a backup", so whoever looked at the emptied calendar had no word
/// of why. It now says they are no longer on the team, and where the schedule is.
#[test]
fn a_former_engineer_s_empty_feed_says_why() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let with_de5 = read(&team) + "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, &with_de5).unwrap();
    let (four, five) = (
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de3, de4, de5]",
    );
    edit(root, "content/oncall.yaml", four, five);
    assert!(build_at(root, T0).status.success());
    std::fs::write(
        &team,
        with_de5.replace("  - id: de5\n    name: Data Engineer 5\n", ""),
    )
    .unwrap();
    edit(root, "content/oncall.yaml", five, four);
    assert!(build_at(root, T0 + DAY).status.success());
    let feed = read(&root.join("public/oncall/de5.ics")).replace("\r\n ", "");
    assert!(!feed.contains("BEGIN:VEVENT"), "{feed}");
    for property in ["NAME:", "X-WR-CALNAME:", "X-WR-CALDESC:", "DESCRIPTION:"] {
        let line = feed
            .split("\r\n")
            .find(|l| l.starts_with(property))
            .unwrap();
        assert!(
            line.contains("de5") && line.contains("no longer on the team"),
            "{line}"
        );
    }
    let schedule = "https://pipebook-example.netlify.app/oncall/";
    assert!(feed.contains(&format!("DESCRIPTION:de5 is no longer on the team of Data Engineering Operations: this calendar stays empty. Who is on call: {schedule}\r\n")), "{feed}");
}
