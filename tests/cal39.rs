//! Session 39: calendar feeds that must not churn, a fifth round: a former engineer's
//! feed after a deploy preview, a preview's mark without the theme's robots line, ...

mod common;

use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// Runs a deploy preview's build of `root` (`netlify.toml`'s command, its own base URL)
/// into the same `public/`, as Netlify's one build cache per site has it.
fn preview(root: &Path, number: u64, epoch: u64) {
    let url = format!("https://deploy-preview-{number}--ops.netlify.app/");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap(), "--preview"])
        .args(["--base-url", &url])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

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
    preview(root, 7, T0 + DAY);
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
    preview(root, 7, T0 + DAY);
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
