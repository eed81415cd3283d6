//! Session 33: feeds that do not churn. The same shifts rebuilt under another spelling of
//! the base URL keep every event byte for byte; `tests/feeds/churn.py` is the matrix's
//! tool (README, "Calendar feeds").

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

fn build(root: &Path, epoch: u64) -> String {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    stderr(&o)
}

/// Every event of every feed, by feed file name and UID, as its text.
fn events(public: &Path) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let uid = event
                .lines()
                .find_map(|l| l.strip_prefix("UID:"))
                .expect("a UID")
                .to_string();
            out.insert((name.clone(), uid), event.to_string());
        }
    }
    out
}

/// The events of `after` whose text differs from `before`'s (missing ones too).
fn changed(
    before: &BTreeMap<(String, String), String>,
    after: &BTreeMap<(String, String), String>,
) -> Vec<String> {
    let mut out: Vec<String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|(k, _)| format!("{} {}", k.0, k.1))
        .collect();
    out.extend(
        after
            .keys()
            .filter(|k| !before.contains_key(*k))
            .map(|k| format!("added {} {}", k.0, k.1)),
    );
    out
}

/// A base URL written with capitals in its host (`https://Pipebook-Example.Netlify.app/`)
/// is the same site: its UIDs were the same, but every event's DESCRIPTION and URL
/// carried the new spelling, so all 231 events of the example changed text (and
/// DTSTAMP) and apps rewrote them. The host is written in lower case now.
#[test]
fn the_case_of_the_base_urls_host_changes_no_event() {
    let site = example_site();
    let root = site.path();
    build(root, T0);
    let before = events(&root.join("public"));
    edit(
        root,
        "content/site.yaml",
        "base_url: https://pipebook-example.netlify.app/",
        "base_url: HTTPS://Pipebook-Example.Netlify.APP",
    );
    build(root, T0 + DAY);
    let after = events(&root.join("public"));
    assert!(before.len() > 200, "{} events", before.len());
    assert_eq!(changed(&before, &after), Vec::<String>::new());
}
