//! Session 40: calendar feeds that must not churn, a sixth round: the oversized feed's
//! hint with many past weeks, and in a deploy preview; an engineer's old page after a
//! change of id.

mod common;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// The number in "`horizon.KEY: N` or fewer" of the oversized feed's hint in `err`.
fn hinted(err: &str, key: &str) -> Option<u32> {
    let at = err.find(&format!("`horizon.{key}: "))? + key.len() + 11;
    err[at..].split('`').next()?.parse().ok()
}

/// 300 weeks back and 100 ahead of daily shifts make the team feed 1.6 MB; on main the
/// hint said `future_weeks: 0`, which still leaves 300 weeks (1.2 MB) over Google's
/// 1 MB. It now names the past weeks that fit, and following it leaves no warning.
#[test]
fn the_oversized_feed_s_hint_counts_the_past_weeks() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write_daily_rotation(root, "2020-01-06", "{ past_weeks: 300, future_weeks: 100 }");
    let err = warnings_at(root, T0);
    assert!(
        err.contains("calendar feed `oncall.ics` is 1.6 MB"),
        "{err}"
    );
    assert_eq!(hinted(&err, "future_weeks"), None, "{err}");
    let past = hinted(&err, "past_weeks").unwrap_or_else(|| panic!("{err}"));
    assert!((120..200).contains(&past), "{past}");
    let horizon = format!("{{ past_weeks: {past}, future_weeks: 100 }}");
    write_daily_rotation(root, "2020-01-06", &horizon);
    assert_eq!(problems(&warnings_at(root, T0)), Vec::<String>::new());
    let size = std::fs::metadata(root.join("public/oncall.ics"))
        .unwrap()
        .len();
    assert!((900_000..1_000_000).contains(&size), "{size}");
}

/// A deploy preview keeps production's records whole (`X-PIPEBOOK-KEPT`): they doubled
/// its team feed (2.0 MB beside production's 997 kB) and on main its warning said to
/// publish 116 weeks ahead where production's 239 fit. The kept records are not
/// counted now (what is left is over 1 MB for the preview's longer host alone). And
/// production after a preview is as small as after production: the preview cannot fold
/// production's records beyond its own horizon (production's may reach further), but
/// production folds them again.
#[test]
fn a_preview_s_kept_records_neither_warn_nor_grow_production() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    let horizon = |weeks: u32| format!("{{ past_weeks: 4, future_weeks: {weeks} }}");
    write_daily_rotation(root, "2026-01-05", &horizon(520));
    assert!(build_at(root, T0).status.success());
    write_daily_rotation(root, "2026-01-05", &horizon(239));
    assert!(build_at(root, T0).status.success());
    let team = root.join("public/oncall.ics");
    let production = read(&team).len();
    let err = stderr(&preview_at(root, 7, T0 + DAY));
    let kept = read(&team).matches("X-PIPEBOOK-KEPT:").count();
    assert!(kept > 5_000, "{kept} kept records");
    assert!(!err.contains("2.0 MB"), "{err}");
    if let Some(weeks) = hinted(&err, "future_weeks") {
        assert!(weeks > 200, "{err}");
    }
    assert!(build_at(root, T0 + 2 * DAY).status.success());
    let after = read(&team);
    assert_eq!(after.matches("X-PIPEBOOK-RETIRED:").count(), 1);
    assert!(!after.contains("X-PIPEBOOK-KEPT"));
    let grown = after.len() as i64 - production as i64;
    assert!(grown.abs() < 100, "{grown} bytes more after a preview");
}

/// An engineer's change of id with `formerly: [de3]` kept their feed at
/// `oncall/de3.ics`, but `/engineers/de3/` went "not found" (on main no file there, and
/// a warning saying to retire it): it now redirects to `/engineers/dana/`, by a page and
/// a `301` in `_redirects`, and nothing warns. Listed under `retired_urls`, it is 410
/// Gone as the author asked, with no redirect page.
#[test]
fn an_engineer_s_old_page_redirects_after_a_change_of_id() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    edit(
        root,
        "content/team.yaml",
        "  - id: de3\n",
        "  - id: dana\n    formerly: [de3]\n",
    );
    edit(
        root,
        "content/oncall.yaml",
        "de2, de3, de4",
        "de2, dana, de4",
    );
    let pipelines = root.join("content/pipelines.yaml");
    std::fs::write(&pipelines, read(&pipelines).replace(": de3\n", ": dana\n")).unwrap();
    let err = warnings_at(root, T0 + DAY);
    assert!(!err.contains("/engineers/de3/"), "{err}");
    let page = read(&public.join("engineers/de3/index.html"));
    assert!(
        page.contains("data-redirect=\"/engineers/dana/\""),
        "{page}"
    );
    assert!(page.contains("<title>Data Engineer 3</title>"), "{page}");
    let rules = read(&public.join("_redirects"));
    assert!(
        rules.contains("\n/engineers/de3/ /engineers/dana/ 301!\n"),
        "{rules}"
    );
    assert!(public.join("engineers/dana/index.html").is_file());
    // Retired on purpose: 410, no redirect.
    let config = root.join("content/site.yaml");
    std::fs::write(&config, read(&config) + "retired_urls: [/engineers/de3/]\n").unwrap();
    warnings_at(root, T0 + 2 * DAY);
    let rules = read(&public.join("_redirects"));
    assert!(
        rules.contains("\n/engineers/de3/ /404.html 410\n"),
        "{rules}"
    );
    assert!(
        !rules.contains("/engineers/de3/ /engineers/dana/"),
        "{rules}"
    );
    assert!(!public.join("engineers/de3/index.html").exists());
}

/// `pipebook init` leaves `uid_base_url` out (README "Calendars"): a new site has no
/// subscribers yet and its `base_url` is a placeholder, which two sites set up alike
/// would share, and with it their UIDs. (A guard of that decision: it holds on main.)
#[test]
fn init_writes_no_uid_base_url() {
    let site = site_of(&[("docs/a.md", "# A\n\nRun it.\n")]);
    let o = pipebook(&["init", "--root", site.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = read(&site.path().join("content/site.yaml"));
    assert!(yaml.contains("base_url: "), "{yaml}");
    assert!(!yaml.contains("uid_base_url"), "{yaml}");
}
