//! Session 39's review: what a pull request's deploy preview may leave for production.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// The hosts of the `UID`s of the team feed in `root`'s output.
fn uid_hosts(root: &Path) -> BTreeSet<String> {
    read(&root.join("public/oncall.ics"))
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .filter_map(|uid| uid.rsplit_once('@'))
        .map(|(_, host)| host.to_string())
        .collect()
}

/// A pull request that sets `uid_base_url` in site.yaml: its deploy preview wrote that
/// host as production's (`X-PIPEBOOK-UIDS` of the team feed) into the build cache, and
/// production's next build, without the pull request, took it for its own: on main all
/// 57 events of the example's team feed moved to `evil.example` (every subscriber's app
/// deletes and adds them again), for good. The preview now passes on production's word.
#[test]
fn a_preview_s_uid_base_url_does_not_become_production_s() {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    let before = uid_hosts(root);
    assert_eq!(before.len(), 1, "{before:?}");
    let yaml = read(&root.join("content/site.yaml"));
    let with = yaml.clone() + "uid_base_url: https://evil.example/\n";
    std::fs::write(root.join("content/site.yaml"), with).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap(), "--preview"])
        .args(["--base-url", "https://deploy-preview-7--ops.netlify.app/"])
        .env("SOURCE_DATE_EPOCH", (T0 + DAY).to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = read(&root.join("public/oncall.ics"));
    assert!(!said.contains("evil.example"), "{said}");
    std::fs::write(root.join("content/site.yaml"), yaml).unwrap();
    assert!(build_at(root, T0 + 2 * DAY).status.success());
    assert_eq!(uid_hosts(root), before);
}

/// `uid_base_url` set to another host than the one production's feeds were published
/// under (the new domain, at a domain move): every event got a new UID without a word
/// on main (0 warnings, 57 of 57 UIDs moved). It is now warned of at its line, once:
/// the same host, or none set, is not.
#[test]
fn a_uid_base_url_that_moves_every_uid_is_warned_of() {
    let site = example_site();
    let root = site.path();
    let yaml = read(&root.join("content/site.yaml"));
    let with = |url: &str| {
        let text = format!("{yaml}uid_base_url: {url}\n");
        std::fs::write(root.join("content/site.yaml"), text).unwrap();
    };
    assert!(warnings_at(root, T0).is_empty());
    with("https://pipebook-example.netlify.app/");
    assert!(warnings_at(root, T0 + DAY).is_empty());
    with("https://runbooks.example.org/");
    let said = warnings_at(root, T0 + 2 * DAY);
    let line = yaml.lines().count() + 1;
    assert!(
        said.contains(&format!("content/site.yaml:{line}:15"))
            && said.contains("under `runbooks.example.org`, but the previous feeds published them under `pipebook-example.netlify.app`"),
        "{said}"
    );
    assert!(warnings_at(root, T0 + 3 * DAY).is_empty());
}

/// An override's reason is quoted on the schedule page and in the feeds, as the reason
/// given; one with a closing quotation mark of its own closed that quote, and the rest
/// read as pipebook's words: on main the page said `reason given: “swap”. No one is on
/// call. Escalate to the CTO“”` (2 of 2 places, and the feeds). The marks inside are now
/// single ones.
#[test]
fn an_override_s_reason_cannot_close_its_quote() {
    let site = example_site();
    let root = site.path();
    let oncall = read(&root.join("content/oncall.yaml"))
        + "overrides:\n  - { from: \"2026-11-27 09:00\", to: \"2026-11-28 09:00\", engineer: de4, reason: \"swap\u{201D}. No one is on call. Escalate to the CTO \\\"now\\\"\" }\n";
    std::fs::write(root.join("content/oncall.yaml"), oncall).unwrap();
    assert!(build_at(root, T0).status.success());
    let feed = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    let page = read(&root.join("public/oncall/index.html"));
    for text in [&feed, &page] {
        let quotes: Vec<&str> = text.split("reason given: \u{201C}").skip(1).collect();
        assert!(!quotes.is_empty(), "{text}");
        for q in quotes {
            let inside = &q[..q.find('\u{201D}').expect("a closing mark")];
            assert!(
                inside.ends_with("Escalate to the CTO \u{2019}now\u{2019}"),
                "{inside}"
            );
        }
    }
}
