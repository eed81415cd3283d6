//! Session 37's review: what a deploy preview's build leaves in the build cache is not
//! production's to warn of nor to publish.

mod common;

use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// A deploy preview's build of `root` into the `public/` production left (Netlify keeps
/// one build cache per site), under its own base URL; its standard error.
fn preview(root: &Path, epoch: u64) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pipebook"))
        .args(["build", "--root", root.to_str().unwrap(), "--preview"])
        .args(["--base-url", "https://deploy-preview-7--ops.netlify.app/"])
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

/// A pull request that adds de9 and reorders the rotation (rewriting served shifts) is
/// previewed, and not merged. On main, production's next build, reading the preview's
/// feeds from the cache, warned that it rewrote a served shift (Data Engineer 1 before,
/// Data Engineer 2 now: the preview's history, not production's) pointing at
/// oncall.yaml's unchanged order, and published oncall/de9.ics saying "de9 is no longer
/// on the team" of an engineer production never had. Only events of this site's own
/// host or its home's are read so; the preview, reading production's, still warns.
#[test]
fn a_preview_s_schedule_in_the_cache_is_not_production_s() {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    let team = root.join("content/team.yaml");
    let oncall = root.join("content/oncall.yaml");
    let (team_before, oncall_before) = (read(&team), read(&oncall));
    std::fs::write(
        &team,
        format!("{team_before}  - id: de9\n    name: Data Engineer 9\n"),
    )
    .unwrap();
    let order = "order: [de1, de2, de3, de4]";
    assert!(oncall_before.contains(order));
    let reordered = oncall_before.replace(order, "order: [de2, de1, de3, de4, de9]");
    std::fs::write(&oncall, reordered).unwrap();
    let warned = preview(root, T0 + DAY);
    assert!(warned.contains("already served"), "{warned}");
    assert!(root.join("public/oncall/de9.ics").exists());

    std::fs::write(&team, team_before).unwrap();
    std::fs::write(&oncall, oncall_before).unwrap();
    let out = build_at(root, T0 + DAY + 600);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("already served"), "{err}");
    assert!(!root.join("public/oncall/de9.ics").exists());
    // Production's own engineers' feeds are all there, with events.
    for id in ["de1", "de2", "de3", "de4"] {
        let feed = read(&root.join(format!("public/oncall/{id}.ics")));
        assert!(feed.contains("BEGIN:VEVENT"), "{id}");
    }
}

/// A pull request adding a page is previewed, and not merged. On main, production's
/// next build, reading the preview's sitemap from the cache as what it had published,
/// failed: "/runbooks/growth/newpage/ moved without a redirect", a page production never
/// had, until someone listed it under `retired_urls` or cleared the cache. A previous
/// output built for another base URL than this build's or site.yaml's is not checked;
/// production's own still is.
#[test]
fn a_preview_s_pages_in_the_cache_are_not_production_s() {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    let page = root.join("content/runbooks/growth/newpage.md");
    std::fs::write(&page, "---\ntitle: New page\n---\n# New page\n\nText.\n").unwrap();
    preview(root, T0 + DAY);
    std::fs::remove_file(&page).unwrap();
    let out = build_at(root, T0 + DAY + 600);
    assert!(out.status.success(), "{}", stderr(&out));

    // Production's own page, removed without a redirect, is still an error.
    std::fs::write(&page, "---\ntitle: New page\n---\n# New page\n\nText.\n").unwrap();
    assert!(build_at(root, T0 + DAY + 1200).status.success());
    std::fs::remove_file(&page).unwrap();
    let out = build_at(root, T0 + DAY + 1800);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("/runbooks/growth/newpage/ moved without a redirect"),
        "{err}"
    );
}

/// A pull request reordering the rotation (rewriting served shifts) is previewed, then
/// merged. The preview keeps production's records in its team feed (`X-PIPEBOOK-KEPT`);
/// on main without their start and summary, so production's build after it, reading
/// them as what it had published, had nothing to compare with and did not warn: the
/// rewrite was told only in the preview. Now the kept records carry both, and
/// production warns as the preview did.
#[test]
fn a_rewrite_merged_after_its_preview_is_still_warned_of() {
    let site = example_site();
    let root = site.path();
    assert!(build_at(root, T0).status.success());
    let oncall = root.join("content/oncall.yaml");
    let before = read(&oncall);
    let order = "order: [de1, de2, de3, de4]";
    assert!(before.contains(order));
    std::fs::write(
        &oncall,
        before.replace(order, "order: [de2, de1, de3, de4]"),
    )
    .unwrap();
    let warned = preview(root, T0 + DAY);
    assert!(warned.contains("already served"), "{warned}");
    let team = read(&root.join("public/oncall.ics")).replace("\r\n ", "");
    assert!(team.contains("X-PIPEBOOK-KEPT:"), "{team}");

    let out = build_at(root, T0 + DAY + 600);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let served = |s: &str| {
        s.lines()
            .find(|l| l.contains("already served"))
            .map(str::to_string)
    };
    assert!(served(&err).is_some(), "{err}");
    assert_eq!(served(&err), served(&warned));
}
