//! Session 39: calendar feeds that must not churn, a fifth round: a former engineer's
//! feed after a deploy preview, a preview's mark without the theme's robots line, ...

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// The example with `de5`, on the team without an event (out of the rotation, no
/// backup duty); returns team.yaml's text with and without them.
fn with_de5(root: &Path) -> (String, String) {
    let team = root.join("content/team.yaml");
    let without = read(&team);
    let with = without.clone() + "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, &with).unwrap();
    (with, without)
}

/// An engineer without events taken off the team in production's first build after a
/// deploy preview: the preview wrote their feed's record under its own host
/// (`feed.de5@deploy-preview-7--ops.netlify.app`), which production does not take for
/// its own, so on main production knew nothing of the feed and dropped it at once
/// (`oncall/de5.ics` missing: its subscribers got "not found"). A preview now passes
/// production's record on as it read it, and production keeps the feed, empty, as it
/// does without a preview in between.
#[test]
fn a_former_engineer_s_feed_outlives_a_deploy_preview_in_between() {
    let site = example_site();
    let root = site.path();
    let (_, without) = with_de5(root);
    assert!(build_at(root, T0).status.success());
    let feed = root.join("public/oncall/de5.ics");
    assert!(feed.is_file());
    preview_at(root, 7, T0 + DAY);
    std::fs::write(root.join("content/team.yaml"), &without).unwrap();
    assert!(build_at(root, T0 + 2 * DAY).status.success());
    assert!(feed.is_file(), "de5.ics is gone after a preview");
    let text = read(&feed).replace("\r\n ", "");
    assert!(text.contains("no longer on the team"), "{text}");
    assert!(!text.contains("deploy-preview"), "{text}");
}

/// A theme whose `base.html` lacks the preview's robots line (README: "a theme of your
/// own should keep that line"): a deploy preview's output in the build cache then looked
/// like production's output before a domain move, so production's next build compared
/// the preview's pages with its own and failed on the page the pull request added
/// ("moved without a redirect", exit 1 on main). pipebook now marks a preview's output
/// itself (`X-Robots-Tag` for every path in `_headers`), whatever the theme.
#[test]
fn a_preview_is_told_from_production_without_the_theme_s_robots_line() {
    let site = example_site();
    let root = site.path();
    let line = "{% if preview %}<meta name=\"robots\" content=\"noindex, nofollow\">{% endif %}";
    edit(root, "themes/default/templates/base.html", line, "");
    assert!(build_at(root, T0).status.success());
    let page = root.join("content/runbooks/growth/preview-only.md");
    std::fs::write(&page, "---\ntitle: Preview only\n---\n\nRun it.\n").unwrap();
    preview_at(root, 7, T0 + DAY);
    let headers = read(&root.join("public/_headers"));
    std::fs::remove_file(&page).unwrap();
    let out = build_at(root, T0 + 2 * DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        headers.contains("/*\n  Content-Security-Policy: ")
            && headers.contains("\n  X-Robots-Tag: noindex, nofollow\n"),
        "{headers}"
    );
    assert!(!read(&root.join("public/_headers")).contains("X-Robots-Tag"));
}

/// Every event's `UID` in every feed of `public`, with its feed's name.
fn uids(public: &Path) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        for line in read(&feed).replace("\r\n ", "").split("\r\n") {
            if let Some(uid) = line.strip_prefix("UID:") {
                found.insert((name.clone(), uid.to_string()));
            }
        }
    }
    found
}

/// Moves the example in `root` from its domain to `ops.example.org` (site.yaml's
/// `base_url`, and the alert rules' links to it), adding `extra` to site.yaml.
fn move_domain(root: &Path, extra: &str) {
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
    let site = root.join("content/site.yaml");
    std::fs::write(&site, read(&site) + extra).unwrap();
}

/// A domain move (`base_url` changed) after Netlify's build cache was lost: without the
/// previous feeds nothing said under which host the UIDs were, so every event got a new
/// one (on main `uid_base_url` is not a setting at all: the build fails). site.yaml's
/// `uid_base_url` now names it, and every UID stays; a bad one is an error at its line.
#[test]
fn a_domain_move_without_the_previous_feeds_keeps_uids_by_uid_base_url() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let before = uids(&public);
    assert!(before.len() > 200, "{}", before.len());
    std::fs::remove_dir_all(&public).unwrap();
    move_domain(
        root,
        "uid_base_url: https://pipebook-example.netlify.app/\n",
    );
    let out = build_at(root, T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = uids(&public);
    assert_eq!(after.difference(&before).count(), 0, "{after:?}");
    assert_eq!(after.len(), before.len());
    assert!(read(&public.join("oncall.ics")).contains("https://ops.example.org/oncall/"));

    edit(
        root,
        "content/site.yaml",
        "uid_base_url: https://pipebook-example.netlify.app/",
        "uid_base_url: pipebook-example.netlify.app",
    );
    let out = build_at(root, T0 + DAY);
    let line = read(&root.join("content/site.yaml")).lines().count();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        problems(&stderr(&out)).iter().any(|p| p
            == &format!("content/site.yaml:{line} uid_base_url `pipebook-example.netlify.app` is not an absolute http(s) URL")),
        "{}",
        stderr(&out)
    );
}

/// A domain move in the build that upgrades pipebook: the previous team feed, an older
/// pipebook's, does not say under which host its UIDs are (no `X-PIPEBOOK-UIDS`), so on
/// main the new host was taken and every one of the example's 236 events got a new UID
/// (0 kept). The host of the previous team feed's events is now taken for it.
#[test]
fn a_domain_move_in_the_upgrading_build_keeps_uids() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let before = uids(&public);
    let team = public.join("oncall.ics");
    let older: String = read(&team)
        .split_inclusive("\r\n")
        .filter(|l| !l.starts_with("X-PIPEBOOK-UIDS:"))
        .collect();
    assert!(older.len() < read(&team).len());
    std::fs::write(&team, older).unwrap();
    move_domain(root, "");
    assert!(build_at(root, T0 + DAY).status.success());
    let after = uids(&public);
    let kept = after.intersection(&before).count();
    assert_eq!((kept, after.len()), (before.len(), before.len()));
}

/// A site of 100 engineers on daily shifts publishing `weeks` ahead.
fn daily_rotation(weeks: u32) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let horizon = format!("{{ past_weeks: 4, future_weeks: {weeks} }}");
    write_daily_rotation(site.path(), "2026-01-05", &horizon);
    site
}

/// Google Calendar reads at most 1 MB of a subscribed calendar and leaves the rest out
/// (a 2.1 MB feed lost a fifth of a day's events in one report): 520 weeks of daily
/// shifts make the team feed 2.1 MB (3,669 events), and on main nothing said so. It is
/// now a warning at `horizon.future_weeks`, with the weeks that fit; the 239 weeks it
/// names make a feed under 1 MB, and no warning.
#[test]
fn a_feed_over_google_s_megabyte_is_a_warning_at_the_horizon() {
    let site = daily_rotation(520);
    let root = site.path();
    let err = warnings_at(root, T0);
    assert!(
        err.contains("(`horizon.future_weeks: 239` or fewer"),
        "{err}"
    );
    let warnings = problems(&err);
    let feed = |w: &String| w.contains("calendar feed `oncall.ics` is 2.1 MB (3669 events)");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/oncall.yaml:7 ") && feed(w)),
        "{warnings:?}"
    );
    let site = daily_rotation(239);
    let root = site.path();
    assert_eq!(problems(&warnings_at(root, T0)), Vec::<String>::new());
    let size = std::fs::metadata(root.join("public/oncall.ics"))
        .unwrap()
        .len();
    assert!((900_000..1_000_000).contains(&size), "{size}");
}

/// Every event of the feed at `path`, by UID, whole (its lines unfolded).
fn events_of(path: &Path) -> std::collections::BTreeMap<String, String> {
    let text = read(path).replace("\r\n ", "");
    (text.split("BEGIN:VEVENT\r\n").skip(1))
        .map(|e| {
            let uid = e.split("\r\n").find_map(|l| l.strip_prefix("UID:"));
            (uid.unwrap().to_string(), e.to_string())
        })
        .collect()
}

/// Gives `de3` of the example the id `dana` in every file, with `more` after the new id.
fn rename_de3(root: &Path, more: &str) {
    edit(
        root,
        "content/team.yaml",
        "  - id: de3\n",
        &format!("  - id: dana\n{more}"),
    );
    edit(
        root,
        "content/oncall.yaml",
        "de2, de3, de4",
        "de2, dana, de4",
    );
    let pipelines = root.join("content/pipelines.yaml");
    let text = read(&pipelines).replace(": de3\n", ": dana\n");
    std::fs::write(&pipelines, text).unwrap();
}

/// An engineer's id changed (`de3` to `dana`, the same person): their feed moved to
/// `oncall/dana.ics` with every event under a new UID (0 of 40 kept), `oncall/de3.ics`
/// went empty ("no longer on the team"), and 27 of the team feed's 57 events took a new
/// SEQUENCE and DTSTAMP with the same text. `formerly: [de3]` (on main an unknown key, the
/// build fails) now keeps the old feed going at its address and every event as it was, in
/// both feeds and in the team feed.
#[test]
fn an_engineer_s_change_of_id_changes_no_event() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let team = events_of(&public.join("oncall.ics"));
    let de3 = events_of(&public.join("oncall/de3.ics"));
    assert!(de3.len() > 30, "{}", de3.len());
    rename_de3(root, "    formerly: [de3]\n");
    let out = build_at(root, T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(events_of(&public.join("oncall.ics")), team);
    assert_eq!(events_of(&public.join("oncall/de3.ics")), de3);
    assert_eq!(events_of(&public.join("oncall/dana.ics")), de3);
    let old = read(&public.join("oncall/de3.ics")).replace("\r\n ", "");
    assert!(!old.contains("no longer on the team"), "{old}");
    // The page of the old id redirects (tests/cal40.rs), without a warning.
    assert!(
        !stderr(&out).contains("/engineers/de3/ is no longer published"),
        "{}",
        stderr(&out)
    );
    // And later, as before: no former-engineer feed takes the old address's place.
    assert!(build_at(root, T0 + 8 * DAY).status.success());
    assert!(!read(&public.join("oncall/de3.ics")).contains("no longer on the team"));
}

/// A former id must be usable in a URL, no engineer's id now, and one engineer's.
#[test]
fn former_ids_are_checked_at_their_line() {
    let site = example_site();
    let root = site.path();
    rename_de3(root, "    formerly: [de3, de1, De9]\n");
    edit(
        root,
        "content/team.yaml",
        "  - id: de4\n",
        "  - id: de4\n    formerly: [de3]\n",
    );
    let out = build_at(root, T0);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = problems(&stderr(&out));
    let line = read(&root.join("content/team.yaml"))
        .lines()
        .position(|l| l.contains("formerly: [de3, de1"))
        .unwrap()
        + 1;
    let at = |m: &str| {
        found
            .iter()
            .any(|p| p.starts_with("content/team.yaml:") && p.contains(m))
    };
    assert!(
        at("former id `de1` of `dana` is an engineer's id now"),
        "{found:?}"
    );
    assert!(
        at("former id `De9` of `dana` is not usable in a URL"),
        "{found:?}"
    );
    assert!(
        at("former id `de3` is listed by `dana` and `de4`"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("content/team.yaml:{line} ")) && p.contains("`de1`")),
        "{found:?}"
    );
}

/// A pull request giving de4 a departed engineer's id as a former one (`formerly: [de5]`,
/// de5's feed kept empty as "no longer on the team"): de5's subscribers got 54 of de4's
/// events without a word (rev39). Now a warning at the line; a change of id in the build
/// that makes it (the previous feed still the engineer's own) is not warned of.
#[test]
fn a_former_id_of_someone_who_left_is_warned_of() {
    let site = example_site();
    let root = site.path();
    let (_, without) = with_de5(root);
    assert!(build_at(root, T0).status.success());
    std::fs::write(root.join("content/team.yaml"), &without).unwrap();
    assert!(build_at(root, T0 + DAY).status.success());
    let feed = root.join("public/oncall/de5.ics");
    assert!(read(&feed).contains("no longer on the team"));
    edit(
        root,
        "content/team.yaml",
        "  - id: de4\n",
        "  - id: de4\n    formerly: [de5]\n",
    );
    let out = build_at(root, T0 + 2 * DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = read(&root.join("content/team.yaml"))
        .lines()
        .position(|l| l.contains("formerly: [de5]"))
        .unwrap()
        + 1;
    let found = problems(&stderr(&out));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with(&format!("content/team.yaml:{line} "))
                && p.contains("former id `de5` of `de4` is the id of an engineer who left")),
        "{found:?}"
    );
    // A change of id as it is made: nothing to say.
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    rename_de3(root, "    formerly: [de3]\n");
    let out = build_at(root, T0 + DAY);
    assert!(
        !stderr(&out).contains("engineer who left"),
        "{}",
        stderr(&out)
    );
}
